import { type CheckReport, type RunResult, unjudgedRunVerdicts } from "./result.js";
import { escapeXmlAttribute, escapeXmlText } from "./xml.js";

/**
 * JUnit XML for CI dashboards: a `<testsuite>` per scenario (all its seeds together), a
 * `<testcase>` per check of each run, named with the seed. The same function writes a run's own
 * `junit.xml` (one result) and `--junit FILE` for a whole invocation (every result).
 *
 * A failed check is a `<failure>`; an unknown one (a budget ran out) an `<error>`, since the
 * check could not finish rather than found a fault; a skipped one `<skipped message="why"/>`.
 * A run that could not be judged (interrupted, raftctl's error, an I/O failure, a bad input) or
 * whose history is partial adds an `<error>` case of its own, so no such run reads as a pass. A scenario that
 * expects failure (a mutant) inverts the sense: its checks are reported as passing cases whose
 * output tells what they found, and one extra case per suite, "expectation", fails when no seed
 * failed for an expected reason — the same rule as the exit code.
 */

interface TestCase {
  name: string;
  timeSeconds: number;
  /** Absent for a passing case. */
  outcome?: {
    element: "failure" | "error" | "skipped";
    type: string;
    message: string;
    body: string;
  };
  systemOut?: string;
}

export function renderJunitXml(results: readonly RunResult[]): string {
  const suites = groupByScenario(results).map(([scenario, runs]) => renderSuite(scenario, runs));
  const cases = suites.flatMap((suite) => suite.cases);
  const header = `<testsuites name="raftctl"${countAttributes(cases, totalSeconds(results))}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    header,
    ...suites.map((suite) => suite.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

function groupByScenario(results: readonly RunResult[]): [string, RunResult[]][] {
  const groups = new Map<string, RunResult[]>();
  for (const result of results) {
    const group = groups.get(result.scenario);
    if (group) group.push(result);
    else groups.set(result.scenario, [result]);
  }
  return [...groups.entries()];
}

function renderSuite(
  scenario: string,
  runs: readonly RunResult[],
): { xml: string; cases: TestCase[] } {
  const cases = runs.flatMap(runCases);
  const expectationCase = suiteExpectationCase(runs);
  if (expectationCase) cases.push(expectationCase);
  const timestamp = runs[0]?.startedAt ?? "";
  const open = `  <testsuite name="${escapeXmlAttribute(scenario)}"${countAttributes(cases, totalSeconds(runs))} timestamp="${escapeXmlAttribute(timestamp)}">`;
  const classname = `raftctl.${scenario}`;
  const body = cases.map((testCase) => renderCase(classname, testCase));
  return { xml: [open, ...body, "  </testsuite>"].join("\n"), cases };
}

function runCases(run: RunResult): TestCase[] {
  const expectsFailure = run.expected.verdict === "fail";
  const cases = run.checks.map((check) =>
    expectsFailure ? informationalCase(run, check) : checkCase(run, check),
  );
  if (run.interrupted || run.error !== null || unjudgedRunVerdicts.includes(run.verdict)) {
    cases.push(runProblemCase(run));
  }
  return cases;
}

function checkCase(run: RunResult, check: CheckReport): TestCase {
  const testCase: TestCase = {
    name: caseName(check.name, run),
    timeSeconds: seconds(check.durationMs),
  };
  const reason = check.reason || check.verdict;
  if (check.verdict === "fail" || check.verdict === "unknown") {
    const element = check.verdict === "fail" ? "failure" : "error";
    testCase.outcome = {
      element,
      type: check.name,
      message: reason,
      body: failureBody(run, reason),
    };
  } else if (check.verdict === "skipped") {
    testCase.outcome = { element: "skipped", type: check.name, message: reason, body: "" };
  }
  return testCase;
}

function informationalCase(run: RunResult, check: CheckReport): TestCase {
  const testCase: TestCase = {
    name: caseName(check.name, run),
    timeSeconds: seconds(check.durationMs),
  };
  if (check.verdict === "skipped") {
    testCase.outcome = {
      element: "skipped",
      type: check.name,
      message: check.reason || "skipped",
      body: "",
    };
  } else {
    testCase.systemOut = `${check.verdict}: ${check.reason} (this scenario expects a failure)`;
  }
  return testCase;
}

/**
 * The run itself as an error case, when it could not be judged (its verdict names why:
 * interrupted, error, io-failure, bad-input) or its history is partial (type `partial`).
 */
function runProblemCase(run: RunResult): TestCase {
  const unjudged = unjudgedRunVerdicts.includes(run.verdict);
  const message =
    run.error ??
    (run.verdict === "interrupted"
      ? "the run was interrupted; its history is partial"
      : "the run was cut short; its history is partial");
  return {
    name: caseName("run", run),
    timeSeconds: seconds(run.wallTimeMs),
    outcome: {
      element: "error",
      type: unjudged ? run.verdict : "partial",
      message,
      body: failureBody(run, message),
    },
  };
}

function suiteExpectationCase(runs: readonly RunResult[]): TestCase | undefined {
  const expected = runs[0]?.expected;
  if (expected?.verdict !== "fail") return undefined;
  const name = `expectation: fail by ${expected.by.join(" or ")}`;
  const catching = runs.filter((run) => run.expectationMet);
  if (catching.length > 0) {
    return {
      name,
      timeSeconds: 0,
      systemOut: `caught by seed ${catching.map((run) => run.seed).join(", ")}`,
    };
  }
  const seeds = runs.map((run) => run.seed).join(", ");
  const message = `no seed failed for ${expected.by.join(" or ")} (seeds ${seeds})`;
  const reproduce = runs.map((run) => `reproduce: ${run.reproduce}`).join("\n");
  return {
    name,
    timeSeconds: 0,
    outcome: { element: "failure", type: "expectation", message, body: `${message}\n${reproduce}` },
  };
}

function failureBody(run: RunResult, reason: string): string {
  return `${reason}\nreproduce: ${run.reproduce}\nreport: ${run.reportDir}`;
}

function caseName(checkName: string, run: RunResult): string {
  return `${checkName} seed=${run.seed}`;
}

function renderCase(classname: string, testCase: TestCase): string {
  const open = `    <testcase classname="${escapeXmlAttribute(classname)}" name="${escapeXmlAttribute(testCase.name)}" time="${testCase.timeSeconds.toFixed(3)}"`;
  const children: string[] = [];
  const outcome = testCase.outcome;
  if (outcome?.element === "skipped") {
    children.push(`      <skipped message="${escapeXmlAttribute(outcome.message)}"/>`);
  } else if (outcome) {
    children.push(
      `      <${outcome.element} message="${escapeXmlAttribute(outcome.message)}" type="${escapeXmlAttribute(outcome.type)}">${escapeXmlText(outcome.body)}</${outcome.element}>`,
    );
  }
  if (testCase.systemOut !== undefined) {
    children.push(`      <system-out>${escapeXmlText(testCase.systemOut)}</system-out>`);
  }
  if (children.length === 0) return `${open}/>`;
  return [`${open}>`, ...children, "    </testcase>"].join("\n");
}

function countAttributes(cases: readonly TestCase[], timeSeconds: number): string {
  const count = (element: string) =>
    cases.filter((testCase) => testCase.outcome?.element === element).length;
  return ` tests="${cases.length}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}" time="${timeSeconds.toFixed(3)}"`;
}

function totalSeconds(runs: readonly RunResult[]): number {
  return runs.reduce((sum, run) => sum + run.wallTimeMs, 0) / 1000;
}

function seconds(durationMs: number | undefined): number {
  return durationMs === undefined ? 0 : durationMs / 1000;
}
