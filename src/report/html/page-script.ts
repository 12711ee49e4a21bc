/**
 * The page's own script: draws the node timeline (a plain canvas), and the latency and
 * throughput charts (uPlot), from the JSON blob. Written as ES5-style browser JavaScript in a
 * string, because it runs in the page and not in Node; the real-browser test is its type check.
 * It uses no backticks, so it can live in this template literal unescaped.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("raftctl-report-data").textContent);
  var STATE_NAMES = ["follower", "pre-candidate", "candidate", "leader", "down", "paused"];
  var STATE_COLORS = ["#c9d3df", "#f5d6a1", "#e69f00", "#2e9d4f", "#b8322a", "#8e6bbf"];
  var OUTCOME_NAMES = ["ok", "fail", "info", "open"];
  var OUTCOME_COLORS = ["#2e7d32", "#d32f2f", "#f08c00", "#f08c00"];
  var FAULT_COLORS = {
    partition: "58,110,200", crash: "184,50,42", pause: "142,107,191",
    network: "240,140,0", "clock-skew": "90,90,90", wipe: "120,30,30"
  };
  var endMs = Math.max(data.endMs, 1);
  var tooltip = document.getElementById("tooltip");

  function faultRgb(kind) { return FAULT_COLORS[kind] || "200,60,60"; }

  function formatMs(ms) {
    if (ms === 0) return "0";
    if (Math.abs(ms) < 1) return (Math.round(ms * 1000) / 1000) + "ms";
    if (Math.abs(ms) < 1000) return (Math.round(ms * 10) / 10) + "ms";
    if (Math.abs(ms) < 60000) return (Math.round(ms / 10) / 100) + "s";
    var minutes = Math.floor(ms / 60000), seconds = Math.round((ms % 60000) / 1000);
    return seconds === 0 ? minutes + "m" : minutes + "m" + seconds + "s";
  }

  function niceStep(span, count) {
    var raw = span / Math.max(1, count);
    var scale = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * scale >= raw) return steps[i] * scale;
    return 10 * scale;
  }

  function showTooltip(event, text) {
    tooltip.textContent = text;
    tooltip.style.display = "block";
    tooltip.style.left = (event.pageX + 12) + "px";
    tooltip.style.top = (event.pageY + 12) + "px";
  }
  function hideTooltip() { tooltip.style.display = "none"; }

  // ---- the node timeline -------------------------------------------------------------------
  var LANE_HEIGHT = 22, AXIS_HEIGHT = 24, FAULT_LANES_MAX = 8;

  // The timeline's time axis lines up with the latency chart's plot area when there is one,
  // so a fault or an election reads straight down to the operations it affected.
  function timelineGeometry(canvas, width) {
    var chart = document.querySelector("#latency-chart .u-over");
    if (chart) {
      var over = chart.getBoundingClientRect(), own = canvas.parentElement.getBoundingClientRect();
      var left = over.left - own.left;
      if (left >= 40 && over.width > 10 && left + over.width <= width) return { left: left, width: over.width };
    }
    return { left: 90, width: Math.max(10, width - 90 - 16) };
  }

  function faultLanes() {
    var laneEnds = [], placed = [];
    data.faults.forEach(function (fault) {
      var lane = 0;
      while (lane < laneEnds.length && laneEnds[lane] > fault[0]) lane++;
      if (lane >= FAULT_LANES_MAX) lane = FAULT_LANES_MAX - 1;
      laneEnds[lane] = Math.max(laneEnds[lane] || 0, fault[1]);
      placed.push({ fault: fault, lane: lane });
    });
    return { placed: placed, count: laneEnds.length };
  }

  function drawTimeline() {
    var canvas = document.getElementById("timeline-canvas");
    var lanes = faultLanes();
    var rows = lanes.count + data.timeline.length;
    var width = canvas.parentElement.clientWidth;
    var height = Math.max(1, rows) * LANE_HEIGHT + AXIS_HEIGHT;
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var geometry = timelineGeometry(canvas, width);
    var plotLeft = geometry.left, plotWidth = geometry.width;
    var xOf = function (ms) { return plotLeft + (Math.min(Math.max(ms, 0), endMs) / endMs) * plotWidth; };
    var nodesTop = lanes.count * LANE_HEIGHT;
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    drawFaultLanes(ctx, lanes, xOf);
    drawFaultBandsBehindNodes(ctx, xOf, nodesTop, data.timeline.length * LANE_HEIGHT);
    data.timeline.forEach(function (timeline, row) {
      drawNodeLane(ctx, timeline, nodesTop + row * LANE_HEIGHT, xOf);
    });
    drawFaultEdges(ctx, xOf, nodesTop, data.timeline.length * LANE_HEIGHT);
    drawTimeAxis(ctx, xOf, rows * LANE_HEIGHT, plotWidth, width);
    canvas.onmousemove = function (event) {
      var rect = canvas.getBoundingClientRect();
      var x = event.clientX - rect.left, y = event.clientY - rect.top;
      var text = timelineTextAt(lanes, x, y, plotLeft, plotWidth);
      if (text) showTooltip(event, text); else hideTooltip();
    };
    canvas.onmouseleave = hideTooltip;
    canvas.setAttribute("data-drawn", "true");
  }

  function drawFaultLanes(ctx, lanes, xOf) {
    if (lanes.count > 0) {
      ctx.fillStyle = "#555";
      ctx.fillText("faults", 6, LANE_HEIGHT / 2);
    }
    lanes.placed.forEach(function (item) {
      var fault = item.fault, top = item.lane * LANE_HEIGHT + 3;
      var x0 = xOf(fault[0]), x1 = Math.max(xOf(fault[1]), x0 + 2);
      ctx.fillStyle = "rgba(" + faultRgb(fault[3]) + ",0.75)";
      ctx.fillRect(x0, top, x1 - x0, LANE_HEIGHT - 6);
      drawClippedText(ctx, fault[2], x0 + 3, top + (LANE_HEIGHT - 6) / 2, x1 - x0 - 6, "#fff");
    });
  }

  function drawFaultBandsBehindNodes(ctx, xOf, top, height) {
    data.faults.forEach(function (fault) {
      var x0 = xOf(fault[0]), x1 = Math.max(xOf(fault[1]), x0 + 1);
      ctx.fillStyle = "rgba(" + faultRgb(fault[3]) + ",0.12)";
      ctx.fillRect(x0, top, x1 - x0, height);
    });
  }

  // Dashed edges over the node lanes, so a fault's start and end read against every node.
  function drawFaultEdges(ctx, xOf, top, height) {
    ctx.save();
    ctx.setLineDash([3, 3]);
    data.faults.forEach(function (fault) {
      ctx.strokeStyle = "rgba(" + faultRgb(fault[3]) + ",0.9)";
      [fault[0], fault[1]].forEach(function (ms) {
        var x = Math.round(xOf(ms)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
      });
    });
    ctx.restore();
  }

  function drawNodeLane(ctx, timeline, top, xOf) {
    drawClippedText(ctx, timeline.node, 6, top + LANE_HEIGHT / 2, xOf(0) - 12, "#222");
    var segments = timeline.segments;
    if (segments.length === 0) drawClippedText(ctx, "no events", xOf(0) + 4, top + LANE_HEIGHT / 2, 120, "#999");
    for (var i = 0; i < segments.length; i += 3) {
      var startMs = segments[i], state = segments[i + 1], term = segments[i + 2];
      var stopMs = i + 3 < segments.length ? segments[i + 3] : endMs;
      var x0 = xOf(startMs), x1 = Math.max(xOf(stopMs), x0 + 1);
      ctx.fillStyle = STATE_COLORS[state];
      ctx.fillRect(x0, top + 4, x1 - x0, LANE_HEIGHT - 8);
      if (state !== 4 && x1 - x0 > 22) {
        drawClippedText(ctx, "t" + term, x0 + 3, top + LANE_HEIGHT / 2, x1 - x0 - 6, state === 3 ? "#fff" : "#333");
      }
    }
  }

  function drawClippedText(ctx, text, x, y, maxWidth, color) {
    if (maxWidth < 12) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y - 9, maxWidth, 18);
    ctx.clip();
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
    ctx.restore();
  }

  function drawTimeAxis(ctx, xOf, top, plotWidth, canvasWidth) {
    var step = niceStep(endMs, Math.max(2, Math.floor(plotWidth / 90)));
    ctx.strokeStyle = "#999";
    ctx.fillStyle = "#555";
    ctx.beginPath();
    ctx.moveTo(xOf(0), top + 0.5);
    ctx.lineTo(xOf(endMs), top + 0.5);
    ctx.stroke();
    for (var ms = 0; ms <= endMs + 1e-9; ms += step) {
      var x = xOf(ms);
      ctx.beginPath();
      ctx.moveTo(x + 0.5, top);
      ctx.lineTo(x + 0.5, top + 5);
      ctx.stroke();
      var label = formatMs(ms), labelWidth = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(Math.max(0, x - labelWidth / 2), canvasWidth - labelWidth - 1), top + 14);
    }
  }

  function timelineTextAt(lanes, x, y, plotLeft, plotWidth) {
    if (x < plotLeft) return null;
    var ms = ((x - plotLeft) / plotWidth) * endMs;
    var row = Math.floor(y / LANE_HEIGHT);
    if (row < lanes.count) {
      var hits = lanes.placed.filter(function (item) {
        return item.lane === row && item.fault[0] <= ms && ms <= Math.max(item.fault[1], item.fault[0] + endMs / plotWidth * 2);
      });
      if (hits.length === 0) return null;
      return hits.map(function (item) {
        return item.fault[2] + "  " + formatMs(item.fault[0]) + " to " + formatMs(item.fault[1]);
      }).join("\n");
    }
    var timeline = data.timeline[row - lanes.count];
    if (!timeline) return null;
    var segments = timeline.segments;
    for (var i = segments.length - 3; i >= 0; i -= 3) {
      if (segments[i] <= ms) {
        var stopMs = i + 3 < segments.length ? segments[i + 3] : endMs;
        return timeline.node + ": " + STATE_NAMES[segments[i + 1]] + ", term " + segments[i + 2] +
          "  " + formatMs(segments[i]) + " to " + formatMs(stopMs);
      }
    }
    return timeline.node + ": no events yet";
  }

  // ---- uPlot charts ------------------------------------------------------------------------
  function faultBandsHook(u) {
    var ctx = u.ctx, box = u.bbox;
    ctx.save();
    data.faults.forEach(function (fault) {
      var x0 = Math.max(box.left, u.valToPos(fault[0], "x", true));
      var x1 = Math.min(box.left + box.width, u.valToPos(fault[1], "x", true));
      if (x1 < x0) return;
      ctx.fillStyle = "rgba(" + faultRgb(fault[3]) + ",0.13)";
      ctx.fillRect(x0, box.top, Math.max(1, x1 - x0), box.height);
    });
    ctx.restore();
  }

  function chartWidth(element) { return Math.max(300, element.clientWidth - 4); }

  function timeAxis() {
    return {
      label: "time since start",
      values: function (u, splits) { return splits.map(formatMs); }
    };
  }

  function pointSeries(label, color) {
    // Bigger points while there are few, so a short run's handful of operations stand out.
    var size = data.operations.invokeMs.length < 2000 ? 6 : 4;
    return {
      label: label,
      stroke: color,
      fill: color,
      paths: function () { return null; },
      points: { show: true, size: size, width: 0, stroke: color, fill: color }
    };
  }

  function drawLatency() {
    var holder = document.getElementById("latency-chart");
    var ops = data.operations;
    if (ops.invokeMs.length === 0) {
      holder.textContent = "No client operations in this history.";
      return null;
    }
    var columns = [ops.invokeMs.slice(), [], [], []];
    for (var i = 0; i < ops.invokeMs.length; i++) {
      // The log scale cannot show 0: a zero latency is drawn at 1 microsecond.
      var latency = Math.max(ops.latencyMs[i], 0.001);
      // Series order ok, info, fail: fail is drawn last, on top, where it is easiest to see.
      var series = ops.outcome[i] === 0 ? 1 : ops.outcome[i] === 1 ? 3 : 2;
      for (var s = 1; s <= 3; s++) columns[s].push(s === series ? latency : null);
    }
    var chart = new uPlot({
      width: chartWidth(holder),
      height: 300,
      scales: { x: { time: false, range: [0, endMs] }, y: { distr: 3, log: 10 } },
      axes: [timeAxis(), { label: "latency (ms, log scale)", size: 60 }],
      series: [
        { label: "invoked", value: function (u, v) { return v == null ? "-" : formatMs(v); } },
        pointSeries("ok", OUTCOME_COLORS[0]),
        pointSeries("info", OUTCOME_COLORS[2]),
        pointSeries("fail", OUTCOME_COLORS[1])
      ],
      hooks: { drawClear: [faultBandsHook], setCursor: [describeHoveredOperation] }
    }, columns, holder);
    holder.setAttribute("data-drawn", "true");
    return chart;
  }

  function describeHoveredOperation(u) {
    var line = document.getElementById("latency-detail");
    var index = u.cursor.idx;
    if (index == null) { line.textContent = "\u00a0"; return; }
    var ops = data.operations;
    line.textContent = "process " + ops.process[index] + "  " + ops.functions[ops.f[index]] +
      " key " + ops.keys[ops.key[index]] + "  invoked at " + formatMs(ops.invokeMs[index]) +
      "  " + OUTCOME_NAMES[ops.outcome[index]] + " after " + formatMs(ops.latencyMs[index]);
  }

  function drawThroughput() {
    var holder = document.getElementById("throughput-chart");
    var t = data.throughput;
    if (data.operations.totalCount === 0) {
      holder.textContent = "No client operations in this history.";
      return null;
    }
    var perSecond = 1000 / t.bucketMs;
    var xs = t.ok.map(function (_, i) { return i * t.bucketMs; });
    var rate = function (counts) { return counts.map(function (c) { return c * perSecond; }); };
    var stepped = uPlot.paths.stepped({ align: 1 });
    var chart = new uPlot({
      width: chartWidth(holder),
      height: 220,
      scales: { x: { time: false, range: [0, endMs] } },
      axes: [timeAxis(), { label: "operations/s", size: 60 }],
      series: [
        { label: "bucket start", value: function (u, v) { return v == null ? "-" : formatMs(v); } },
        { label: "ok/s", stroke: OUTCOME_COLORS[0], fill: "rgba(46,125,50,0.15)", paths: stepped, width: 1.5, points: { show: false } },
        { label: "info/s", stroke: OUTCOME_COLORS[2], paths: stepped, width: 1, points: { show: false } },
        { label: "fail/s", stroke: OUTCOME_COLORS[1], paths: stepped, width: 1, points: { show: false } }
      ],
      hooks: { drawClear: [faultBandsHook] }
    }, [xs, rate(t.ok), rate(t.info), rate(t.fail)], holder);
    holder.setAttribute("data-drawn", "true");
    return chart;
  }

  var latencyChart = drawLatency();
  var throughputChart = drawThroughput();
  drawTimeline();
  // uPlot lays its charts out in a microtask; draw the timeline again once they are placed, so
  // it can line up with the latency chart's plot area.
  setTimeout(drawTimeline, 0);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    if (resizeTimer !== null) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (latencyChart) latencyChart.setSize({ width: chartWidth(document.getElementById("latency-chart")), height: 300 });
      if (throughputChart) throughputChart.setSize({ width: chartWidth(document.getElementById("throughput-chart")), height: 220 });
      drawTimeline();
    }, 100);
  });
})();
`;
