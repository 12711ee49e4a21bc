import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Node's arguments that start the CLI from source, with absolute paths so that it starts from
 * any working directory (and so do its `--jobs` children, which inherit the loader flag).
 */
const cliArguments = [
  "--import",
  pathToFileURL(join(repositoryRoot, "node_modules", "tsx", "dist", "loader.mjs")).href,
  join(repositoryRoot, "src", "cli", "main.ts"),
];

export interface RaftctlExit {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the CLI as `npx tsx src/cli/main.ts` does, without npx's own start-up time, without
 * waiting: tests run several at once, and the interrupt test signals one while it runs.
 */
export function startRaftctl(
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): { child: ChildProcess; exit: Promise<RaftctlExit> } {
  const child = spawn(process.execPath, [...cliArguments, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  const exit = new Promise<RaftctlExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    });
  });
  return { child, exit };
}

export function raftctl(
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RaftctlExit> {
  return startRaftctl(args, options).exit;
}

/** Runs the CLI to completion synchronously, optionally feeding `input` on standard input. */
export function raftctlSync(
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): RaftctlExit {
  const result = spawnSync(process.execPath, [...cliArguments, ...args], {
    cwd: repositoryRoot,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    input: options.input,
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}
