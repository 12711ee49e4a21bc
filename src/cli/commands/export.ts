import type { Command } from "commander";
import { formatEdnHistory } from "../../history/edn-writer.js";
import { formatJsonlHistory } from "../../history/jsonl-format.js";
import { type HistoryFormat, historyFormats } from "../../history/parsed-history.js";
import { readHistoryFile } from "../../history/read-history.js";
import type { HistoryHeader, ModelName } from "../../history/types.js";
import { modelNames } from "../../run/check-history.js";
import { ExitCode } from "../exit-codes.js";
import { UsageError } from "../handle-error.js";
import type { CommandContext } from "../program.js";
import { raftctlVersion } from "../version.js";

interface ExportFlags {
  format: string;
  from: string;
  model?: string;
}

/**
 * `raftctl export HISTORY --format edn|jsonl`: converts a history between formats and prints
 * it, e.g. to cross-check a raftctl history with Knossos (EDN), or to bring a Jepsen history
 * into raftctl's JSONL. A JSONL export of a file without a header gets one: the model from
 * `--model` (or cas-register for etcd logs) and `source` naming the format and the file; it
 * invents no seed or mode. Values are written exactly as read (a 400-digit integer stays one).
 */
export function registerExportCommand(program: Command, context: CommandContext): void {
  program
    .command("export")
    .description(
      "convert a history between formats (edn for Knossos, jsonl for raftctl); prints to stdout",
    )
    .argument("<history>", "a history file, or - for standard input")
    .requiredOption("--format <format>", "the output format: edn or jsonl")
    .option("--from <format>", `the input format: auto, ${historyFormats.join(", ")}`, "auto")
    .option("--model <model>", `the model for a JSONL header: ${modelNames.join(", ")}`)
    .action((path: string, flags: ExportFlags) => {
      if (flags.format !== "edn" && flags.format !== "jsonl") {
        throw new UsageError(`--format ${flags.format}: expected edn or jsonl`);
      }
      if (flags.from !== "auto" && !historyFormats.includes(flags.from as HistoryFormat)) {
        throw new UsageError(`--from ${flags.from}: expected auto, ${historyFormats.join(", ")}`);
      }
      const history = readHistoryFile(path, flags.from as HistoryFormat | "auto");
      for (const warning of history.warnings)
        process.stderr.write(`raftctl: warning: ${warning}\n`);
      if (flags.format === "edn") {
        process.stdout.write(formatEdnHistory(history.records));
      } else {
        const header = history.header ?? exportHeader(path, flags.model, history.format);
        process.stdout.write(formatJsonlHistory(header, history.records));
      }
      context.setExitCode(ExitCode.passed);
    });
}

const sourceNames: Record<HistoryFormat, string> = {
  jsonl: "raftctl-jsonl",
  edn: "jepsen-edn",
  "etcd-log": "etcd-jepsen-log",
};

function exportHeader(
  path: string,
  model: string | undefined,
  format: HistoryFormat,
): HistoryHeader {
  const chosen = model ?? (format === "etcd-log" ? "cas-register" : undefined);
  if (chosen === undefined || !modelNames.includes(chosen as ModelName)) {
    throw new UsageError(
      `a JSONL history names its model: give --model (${modelNames.join(", ")})`,
    );
  }
  return {
    formatVersion: 1,
    raftctlVersion: raftctlVersion(),
    model: chosen as ModelName,
    source: `${sourceNames[format]} ${path === "-" ? "<stdin>" : path}`,
  };
}
