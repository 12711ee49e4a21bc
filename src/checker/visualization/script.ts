/**
 * The view's script, run in the page as `(function (P) {...})("prefix")`. It reads the data
 * from the JSON element `P + "data"` and draws into `P + "root"`: per partition, a lane per
 * client with operations as intervals (time drawn by rank, so dense moments stay readable),
 * fault windows as bands, and a panel with the longest linearization through the hovered (or
 * clicked) operation and the state after each step; failing operations are marked. Only DOM
 * text nodes carry history text (no innerHTML).
 */
export const visualizationScript = `
(function (P) {
  var data = JSON.parse(document.getElementById(P + "data").textContent);
  var root = document.getElementById(P + "root");
  var NS = "http://www.w3.org/2000/svg";
  function c(name) { return P + name; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function sv(tag, attrs, cls) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (cls) e.setAttribute("class", cls);
    return e;
  }
  function badge(verdict) { return el("span", c("badge") + " " + c("badge-" + verdict), verdict); }

  var bar = el("div", c("bar"));
  bar.appendChild(badge(data.verdict));
  bar.appendChild(el("span", null, data.model + " model, " + data.partitions.length + " partition" + (data.partitions.length === 1 ? "" : "s")));
  var firstBad = -1;
  data.partitions.forEach(function (part, index) { if (firstBad < 0 && part.verdict === "illegal") firstBad = index; });
  root.appendChild(bar);
  var views = data.partitions.map(partitionView);
  if (firstBad >= 0) {
    var jump = el("button", c("button"), "Jump to the first error");
    jump.id = P + "jump";
    jump.addEventListener("click", function () {
      var view = views[firstBad];
      view.details.open = true;
      var part = data.partitions[firstBad];
      var target = part.mustPrecede >= 0 ? part.mustPrecede : part.blocked[0];
      view.draw().select(target === undefined ? null : target, true);
      view.details.scrollIntoView({ block: "start" });
    });
    bar.appendChild(jump);
  }

  function partitionView(part, index) {
    var details = el("details", c("part"));
    details.id = P + "part-" + index;
    var summary = el("summary");
    summary.appendChild(badge(part.verdict));
    var about = " " + part.label + " (" + part.operations.length + " operations" + (part.unknownReason ? ", " + part.unknownReason : "") + ")";
    summary.appendChild(document.createTextNode(about));
    details.appendChild(summary);
    var body = el("div", c("body"));
    details.appendChild(body);
    var drawn = null;
    function draw() { if (!drawn) drawn = drawPartition(part, body); return drawn; }
    details.addEventListener("toggle", function () { if (details.open) draw(); });
    if (part.verdict !== "ok" || data.partitions.length <= 3) { details.open = true; draw(); }
    root.appendChild(details);
    return { details: details, draw: draw };
  }

  function drawPartition(part, body) {
    var scroll = el("div", c("scroll"));
    var panel = el("div", c("panel"));
    body.appendChild(scroll);
    body.appendChild(panel);
    var times = [];
    part.operations.forEach(function (op) { times.push(op.call); if (op.ret !== null) times.push(op.ret); });
    times.sort(function (a, b) { return a - b; });
    times = times.filter(function (t, i) { return i === 0 || t !== times[i - 1]; });
    var step = 26, left = 56, laneHeight = 26, top = 20;
    function rank(t) {
      var lo = 0, hi = times.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (times[mid] < t) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function pos(t) { return left + rank(t) * step; }
    var right = left + Math.max(times.length, 1) * step + 30;
    var clients = [];
    part.operations.forEach(function (op) { if (clients.indexOf(op.client) < 0) clients.push(op.client); });
    clients.sort(function (a, b) { var x = Number(a), y = Number(b); return isNaN(x) || isNaN(y) ? (a < b ? -1 : 1) : x - y; });
    var height = top + clients.length * laneHeight + 8;
    var svg = sv("svg", { width: right, height: height, role: "img" });
    scroll.appendChild(svg);
    var first = times[0], last = times[times.length - 1];
    data.annotations.forEach(function (band) {
      if (times.length === 0 || band.endNs < first || band.startNs > last) return;
      var x1 = pos(band.startNs), x2 = Math.max(pos(band.endNs), x1 + 3);
      var rect = sv("rect", { x: x1, y: 0, width: x2 - x1, height: height }, c("band"));
      var title = sv("title", {}); title.textContent = band.label; rect.appendChild(title);
      svg.appendChild(rect);
      var label = sv("text", { x: x1 + 2, y: 11 }, c("band-label")); label.textContent = band.label;
      svg.appendChild(label);
    });
    clients.forEach(function (client, lane) {
      var y = top + lane * laneHeight + laneHeight / 2;
      svg.appendChild(sv("line", { x1: left - 4, x2: right, y1: y, y2: y }, c("axis")));
      var label = sv("text", { x: 4, y: y + 4 }, c("lane-label")); label.textContent = "p" + client;
      svg.appendChild(label);
    });
    var blocked = {};
    part.blocked.forEach(function (id) { blocked[id] = true; });
    var nodes = {};
    var byId = {};
    var pinned = null;
    part.operations.forEach(function (op) {
      byId[op.id] = op;
      var cls = c("op");
      if (op.ret === null) cls += " " + c("open");
      if (blocked[op.id] || op.id === part.mustPrecede) cls += " " + c("bad");
      if (op.id === part.mustPrecede) cls += " " + c("must");
      var g = sv("g", {}, cls);
      var x1 = pos(op.call), x2 = op.ret === null ? right - 6 : Math.max(pos(op.ret), x1 + 6);
      var y = top + clients.indexOf(op.client) * laneHeight + 4;
      g.appendChild(sv("rect", { x: x1, y: y, width: x2 - x1, height: laneHeight - 8, rx: 3 }));
      var chars = Math.floor((x2 - x1 - 4) / 5.6);
      var text = sv("text", { x: x1 + 3, y: y + 12 });
      text.textContent = chars >= op.text.length ? op.text : chars > 1 ? op.text.slice(0, chars - 1) + "\\u2026" : "";
      g.appendChild(text);
      var title = sv("title", {}); title.textContent = "#" + op.id + " p" + op.client + " " + op.text; g.appendChild(title);
      g.addEventListener("mouseenter", function () { show(op.id); });
      g.addEventListener("mouseleave", function () { show(pinned); });
      g.addEventListener("click", function () { pinned = pinned === op.id ? null : op.id; show(pinned); });
      svg.appendChild(g);
      nodes[op.id] = { g: g, x: x1, y: y };
    });
    var marks = [];
    function show(id) {
      marks.forEach(function (mark) { mark.remove(); });
      marks = [];
      Object.keys(nodes).forEach(function (key) {
        var cl = nodes[key].g.classList;
        cl.remove(c("on")); cl.remove(c("dim")); cl.remove(c("hover"));
      });
      while (panel.firstChild) panel.removeChild(panel.firstChild);
      var failing = part.verdict === "illegal";
      var sequenceIndex = id === null ? (part.failSequence >= 0 ? part.failSequence : part.sequences.length > 0 ? 0 : undefined) : part.sequenceOf[id];
      if (id !== null && nodes[id]) {
        nodes[id].g.classList.add(c("hover"));
        panel.appendChild(el("h4", null, "#" + id + " p" + byId[id].client + " " + byId[id].text));
      } else {
        panel.appendChild(el("h4", null, part.note ? "Why it is illegal" : failing ? "Longest linearizable prefix" : part.verdict === "ok" ? "A linearization" : "Linearization"));
      }
      if (part.note) {
        panel.appendChild(el("div", c("fail"), part.note));
        var conflicting = el("ul");
        part.blocked.forEach(function (readId) {
          conflicting.appendChild(el("li", c("fail"), "#" + readId + " p" + byId[readId].client + " " + byId[readId].text));
        });
        panel.appendChild(conflicting);
      } else if (sequenceIndex === undefined) {
        var why = part.unknownReason === "skipped" ? "Not checked: another partition was already illegal (check with --all to decide every one)." :
          part.verdict === "unknown" ? "Undecided: the " + (part.unknownReason === "memory" ? "memory budget" : "time limit") + " ran out first." :
          "No linearization found reaches this operation.";
        panel.appendChild(el("div", c("fail"), why));
      } else {
        var steps = part.sequences[sequenceIndex];
        var inSequence = {};
        var list = el("ol");
        panel.appendChild(el("div", c("state"), "initial state: " + part.initialState));
        steps.forEach(function (stepItem, index) {
          inSequence[stepItem.id] = true;
          var op = byId[stepItem.id];
          var item = el("li", null, "#" + stepItem.id + " p" + op.client + " " + op.text + " ");
          item.appendChild(el("span", c("state"), "\\u2192 " + stepItem.state));
          list.appendChild(item);
          var node = nodes[stepItem.id];
          var mark = sv("text", { x: node.x + 1, y: node.y - 1 }, c("step"));
          mark.textContent = String(index + 1);
          svg.appendChild(mark);
          marks.push(mark);
          node.g.classList.add(c("on"));
        });
        panel.appendChild(list);
        Object.keys(nodes).forEach(function (key) { if (!inSequence[key]) nodes[key].g.classList.add(c("dim")); });
        if (failing && part.failState !== null && sequenceIndex === part.failSequence) {
          panel.appendChild(el("div", c("fail"), "Then from state " + part.failState + " none of these can take effect:"));
          var stuck = el("ul");
          part.blocked.forEach(function (blockedId) {
            stuck.appendChild(el("li", c("fail"), "#" + blockedId + " p" + byId[blockedId].client + " " + byId[blockedId].text));
            nodes[blockedId].g.classList.remove(c("dim"));
          });
          panel.appendChild(stuck);
          if (part.mustPrecede >= 0) {
            panel.appendChild(el("div", c("fail"), "#" + part.mustPrecede + " had to take effect before it returned."));
            nodes[part.mustPrecede].g.classList.remove(c("dim"));
          }
        }
      }
    }
    show(null);
    return {
      select: function (id, scrollTo) {
        pinned = id;
        show(id);
        if (scrollTo && id !== null && nodes[id]) scroll.scrollLeft = Math.max(0, nodes[id].x - 80);
      }
    };
  }
})`;
