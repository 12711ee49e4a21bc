import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import {
  type CheckResult,
  checkOperations,
  describeFailure,
  describeVerdict,
  renderVisualizationPage,
} from "../../checker/index.js";
import {
  type HistoryFormat,
  historyFormats,
  type ParsedHistory,
} from "../../history/parsed-history.js";
import { readHistoryFile } from "../../history/read-history.js";
import type { ModelName } from "../../history/types.js";
import { checkerModel, historyToOperations, modelNames } from "../../run/check-history.js";
import { parseDurationMs, parseSizeBytes } from "../../scenario/units.js";
import { ExitCode, worstExitCode } from "../exit-codes.js";
import { UsageError } from "../handle-error.js";
import type { CommandContext } from "../program.js";

interface CheckFlags {
  model?: string;
  format: string;
  timeout: string;
  memory: string;
  all?: boolean;
  html?: string;
  json?: boolean;
}

interface FileCheck {
  file: string;
  history: ParsedHistory;
  model: ModelName;
  result: CheckResult;
}

const verdictExitCodes = {
  ok: ExitCode.passed,
  illegal: ExitCode.failed,
  unknown: ExitCode.unknown,
} as const;

/**
 * `raftctl check FILE...|-`: checks recorded histories for linearizability. A verdict line per
 * file, the counterexample under an illegal one, then a summary; `--json` prints one object
 * instead; `--html` writes the interactive view (a file, or a directory with several inputs).
 * Exit 0 all ok, 1 any illegal, 2 any unknown (and none illegal), 64 a malformed file or flag.
 */
export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command("check")
    .description(
      "check histories for linearizability (raftctl JSONL, Jepsen EDN or etcd Jepsen logs; - reads stdin)",
    )
    .argument("<files...>", "history files, or - for standard input")
    .option(
      "--model <model>",
      `the model: ${modelNames.join(", ")} (default: the history header's)`,
    )
    .option("--format <format>", `the input format: auto, ${historyFormats.join(", ")}`, "auto")
    .option("--timeout <duration>", "time for each history; undecided parts are unknown", "60s")
    .option(
      "--memory <size>",
      "memory for the search of each history; past it a part is unknown",
      "1GiB",
    )
    .option("--all", "decide every partition instead of stopping at the first illegal one")
    .option(
      "--html <path>",
      "write the interactive view (a directory when several files are given)",
    )
    .option("--json", "print the results as one JSON object")
    .action((files: string[], flags: CheckFlags) => {
      const format = parseFormat(flags.format);
      const budget = {
        timeoutMs: parseDurationMs(flags.timeout),
        memoryBytes: parseSizeBytes(flags.memory),
      };
      const checks = files.map((file) => checkFile(file, format, flags, budget));
      if (flags.html) writeHtml(checks, flags.html);
      if (flags.json) process.stdout.write(`${JSON.stringify(jsonReport(checks), null, 2)}\n`);
      else printReport(checks);
      context.setExitCode(
        worstExitCode(checks.map((check) => verdictExitCodes[check.result.verdict])),
      );
    });
}

function parseFormat(text: string): HistoryFormat | "auto" {
  if (text === "auto" || historyFormats.includes(text as HistoryFormat))
    return text as HistoryFormat | "auto";
  throw new UsageError(`--format ${text}: expected auto, ${historyFormats.join(", ")}`);
}

function checkFile(
  file: string,
  format: HistoryFormat | "auto",
  flags: CheckFlags,
  budget: { timeoutMs: number; memoryBytes: number },
): FileCheck {
  const history = readHistoryFile(file, format);
  for (const warning of history.warnings) process.stderr.write(`raftctl: warning: ${warning}\n`);
  const model = chooseModel(flags.model, history, file);
  const { operations } = historyToOperations(history.records, model);
  const result = checkOperations(checkerModel(model), operations, {
    ...budget,
    all: flags.all ?? false,
    linearizations: flags.html !== undefined,
  });
  return { file, history, model, result };
}

function chooseModel(flag: string | undefined, history: ParsedHistory, file: string): ModelName {
  if (flag !== undefined) {
    if (!modelNames.includes(flag as ModelName))
      throw new UsageError(`--model ${flag}: expected one of ${modelNames.join(", ")}`);
    return flag as ModelName;
  }
  if (history.header) return history.header.model;
  if (history.format === "etcd-log") return "cas-register";
  throw new UsageError(
    `${file}: this ${history.format} history names no model; give one with --model (${modelNames.join(", ")})`,
  );
}

function printReport(checks: readonly FileCheck[]): void {
  for (const check of checks) {
    const name = check.file === "-" ? "<stdin>" : check.file;
    process.stdout.write(
      `${check.result.verdict.padEnd(8)} ${name}  ${check.model}  ${describeVerdict(check.result)}\n`,
    );
    const formatTime = timeFormatter(check.history.timeUnit);
    for (const line of describeFailure(check.result, { formatTime })) {
      if (check.result.verdict === "illegal") process.stdout.write(`  ${line}\n`);
    }
  }
  if (checks.length > 1) {
    const count = (verdict: string) =>
      checks.filter((check) => check.result.verdict === verdict).length;
    process.stdout.write(
      `${checks.length} histories: ${count("ok")} ok, ${count("illegal")} illegal, ${count("unknown")} unknown\n`,
    );
  }
}

function timeFormatter(unit: ParsedHistory["timeUnit"]): (time: number) => string {
  if (unit === "line") return (time) => `line ${time}`;
  if (unit === "position") return (time) => `#${time}`;
  return (timeNs) => `${Number((timeNs / 1e6).toFixed(3))}ms`;
}

function jsonReport(checks: readonly FileCheck[]) {
  const worst = worstExitCode(checks.map((check) => verdictExitCodes[check.result.verdict]));
  const verdict =
    worst === ExitCode.failed ? "illegal" : worst === ExitCode.unknown ? "unknown" : "ok";
  return {
    verdict,
    files: checks.map((check) => ({
      file: check.file,
      format: check.history.format,
      model: check.model,
      verdict: check.result.verdict,
      warnings: check.history.warnings,
      summary: describeVerdict(check.result),
      counterexample: check.result.verdict === "illegal" ? describeFailure(check.result) : [],
      result: check.result,
    })),
  };
}

function writeHtml(checks: readonly FileCheck[], path: string): void {
  const pages = checks.map((check) => {
    const { annotations } = historyToOperations(check.history.records, check.model);
    const title = `${check.file === "-" ? "stdin" : basename(check.file)}: ${check.result.verdict}`;
    return { check, html: renderVisualizationPage(check.result, { title, annotations }) };
  });
  try {
    if (pages.length === 1) {
      writeFileSync(path, pages[0]!.html);
      return;
    }
    mkdirSync(path, { recursive: true });
    for (const { check, html } of pages) {
      writeFileSync(
        join(path, `${check.file === "-" ? "stdin" : basename(check.file)}.html`),
        html,
      );
    }
  } catch (error) {
    throw new UsageError(`--html ${path}: cannot write the view (${(error as Error).message})`);
  }
}
