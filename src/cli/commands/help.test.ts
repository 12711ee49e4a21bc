import { describe, expect, it } from "vitest";
import { raftctl } from "../testing/spawn-raftctl.js";

/**
 * The help text is the command line's contract with its users and their scripts: any change to
 * it shows up here as a diff to review (add new commands and flags here on purpose).
 */
const programHelp = `Usage: raftctl [options] [command]

Chaos tester and linearizability checker for Raft: runs a cluster under faults,
records a history, checks it.

Options:
  -V, --version                output the version number
  --debug                      print stack traces for errors
  -h, --help                   display help for command

Commands:
  run [options] <paths...>     run scenarios: a cluster under faults, a recorded
                               history, checks, a report
  analyze [options] <run-dir>  re-check a stored run's history and events and
                               rewrite its report
  replay [options] <run-dir>   re-run a sim run from its stored scenario and
                               seed; confirm a byte-identical history
  validate <paths...>          check scenario files without running them (a
                               directory means its *.yaml files)
  sim [options]                run a simulated cluster under random faults and
                               print what happened
  check [options] <files...>   check histories for linearizability (raftctl
                               JSONL, Jepsen EDN or etcd Jepsen logs; - reads
                               stdin)
  export [options] <history>   convert a history between formats (edn for
                               Knossos, jsonl for raftctl); prints to stdout
  help [command]               display help for command
`;

const runHelp = `Usage: raftctl run [options] <paths...>

run scenarios: a cluster under faults, a recorded history, checks, a report

Arguments:
  paths                  scenario files or directories (a directory means its
                         *.yaml files)

Options:
  --seed <n>             the first seed (default: each scenario's own)
  --seeds <n>            run n seeds: seed, seed+1, ..., seed+n-1 (default: "1")
  --mode <mode>          override the scenarios' cluster mode (choices: "sim",
                         "process")
  --duration <duration>  override the scenarios' duration, e.g. 10s
  --jobs <n>             runs at once, each in its own child process (default:
                         "1")
  --fail-fast            stop after the first scenario that does not meet its
                         expectation
  --report-dir <dir>     the report root (default: "reports")
  --junit <file>         also write one JUnit XML file for the whole invocation
  --json                 print each run's result as one JSON object per line
                         (JSON Lines)
  --quiet                print only the final summary (and how to reproduce
                         failures)
  -h, --help             display help for command

Exit codes: 0 every scenario met its expectation; 1 a check failed, a node of the system
under test failed on its own, or a mutant scenario was not caught by any seed; 2 unknown (a
budget or time limit ran out, or too little was observed, and nothing failed); 64 bad
scenario or command line; 70 raftctl itself failed; 74 an I/O failure outside raftctl's
control (disk full, read-only); 130 interrupted. Over several runs: 130 > 64 > 70 > 74 > 1 > 2 > 0.
Each run writes <report-dir>/<scenario>/<UTC time>-seed<N>/ (scenario.yaml, nemesis.json,
history.jsonl, events.jsonl, result.json, report.html, junit.xml); <report-dir>/latest
points at the newest.
`;

describe.concurrent("raftctl --help", () => {
  it("prints exactly the program's usage, exit 0", async () => {
    const { exitCode, stdout, stderr } = await raftctl(["--help"]);
    expect(stderr).toBe("");
    expect(stdout).toBe(programHelp);
    expect(exitCode).toBe(0);
  });

  it("prints exactly run's usage, with the exit codes and the report folder, exit 0", async () => {
    const { exitCode, stdout, stderr } = await raftctl(["run", "--help"]);
    expect(stderr).toBe("");
    expect(stdout).toBe(runHelp);
    expect(exitCode).toBe(0);
  });
});
