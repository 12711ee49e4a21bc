import { type ChildProcess, spawn } from "node:child_process";

/**
 * The reaper's whole program, run with `node -e` (plain JavaScript: no loader, starts in tens of
 * milliseconds). It reads "+<pgid>" / "-<pgid>" lines from the harness; when its stdin ends — the
 * harness is gone, however it died — it SIGKILLs every process group still registered and exits.
 * It ignores SIGINT and SIGHUP, which a terminal sends to a whole foreground group.
 */
const reaperSource = `
const groups = new Set();
let partial = "";
process.on("SIGINT", () => {});
process.on("SIGHUP", () => {});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  partial += chunk;
  for (let end = partial.indexOf("\\n"); end >= 0; end = partial.indexOf("\\n")) {
    const line = partial.slice(0, end);
    partial = partial.slice(end + 1);
    const group = Number(line.slice(1));
    if (!Number.isInteger(group) || group <= 1) continue;
    if (line[0] === "+") groups.add(group);
    if (line[0] === "-") groups.delete(group);
  }
});
const reap = () => {
  for (const group of groups) {
    try { process.kill(-group, "SIGKILL"); } catch {}
  }
  process.exit(0);
};
process.stdin.on("end", reap);
process.stdin.on("error", reap);
`;

/**
 * Why a reaper, when a node already exits as soon as its control channel closes? A node the
 * nemesis paused (SIGSTOP) cannot read that end: if the harness is SIGKILLed meanwhile, nobody
 * would ever continue or kill it, and the kernel's orphaned-process-group rescue (SIGHUP +
 * SIGCONT) does not apply to nodes in their own session. So one small process per cluster, in
 * its own session (untouched by signals sent to the harness's group), holds a pipe from the
 * harness and kills the registered node groups when that pipe closes. It never keeps the harness
 * alive: its handles are unreferenced.
 */
export class OrphanReaper {
  private constructor(private readonly child: ChildProcess) {}

  static start(): OrphanReaper {
    const child = spawn(process.execPath, ["-e", reaperSource], {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
      shell: false,
    });
    child.on("error", () => {});
    child.stdin?.on("error", () => {});
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return new OrphanReaper(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  watch(processGroup: number): void {
    this.child.stdin?.write(`+${processGroup}\n`);
  }

  forget(processGroup: number): void {
    this.child.stdin?.write(`-${processGroup}\n`);
  }

  /** Ends the reaper (it kills whatever is still registered, which should be nothing). */
  stop(): void {
    this.child.stdin?.end();
  }
}
