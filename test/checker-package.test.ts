import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The checker as it is published: `npm pack` of the porcupine-ts workspace (src/checker, built
 * by its prepack script), installed from the tarball into a fresh project with no registry
 * (`--offline`), then used there as a user would: the queue example run with node, and a
 * TypeScript file type-checked against the packed declarations, compiled and run.
 */
const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const typescriptCompiler = join(repositoryRoot, "node_modules/typescript/bin/tsc");
/** A safety net for one command on a loaded machine; the tests assert what the commands did. */
const commandTimeoutMs = 120_000;

/** The environment of the npm that runs the tests (npm_config_* and the like) left out. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { npm_config_update_notifier: "false" };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith("npm_")) environment[name] = value;
  }
  return environment;
}

function run(command: string, args: string[], cwd: string): string {
  const outcome = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: childEnvironment(),
    timeout: commandTimeoutMs,
    shell: process.platform === "win32",
  });
  if (outcome.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) ended with ${outcome.status ?? outcome.signal}:\n${outcome.stdout}\n${outcome.stderr}`,
    );
  }
  return outcome.stdout;
}

/** A TypeScript user of the package: its own model, events, budgets, result and page. */
const typescriptUser = `import {
  type CheckResult,
  checkEvents,
  type HistoryEvent,
  type Model,
  renderVisualizationPage,
} from "porcupine-ts";

type CounterInput = { f: "add"; amount: number } | { f: "read" };
type CounterOutput = "done" | "unknown" | { value: number };

const counter: Model<number, CounterInput, CounterOutput> = {
  name: "counter",
  init: () => 0,
  step(state, input, output) {
    if (input.f === "add") return state + input.amount;
    if (output === "unknown") return state;
    return typeof output === "object" && output.value === state ? state : undefined;
  },
  equal: (first, second) => first === second,
  hash: (state) => state | 0,
};

const events: HistoryEvent<CounterInput, CounterOutput>[] = [
  { kind: "call", clientId: "a", id: 1, value: { f: "add", amount: 2 } },
  { kind: "call", clientId: "b", id: 2, value: { f: "read" } },
  { kind: "return", clientId: "b", id: 2, value: { value: 2 } },
  { kind: "return", clientId: "a", id: 1, value: "done" },
  { kind: "call", clientId: "b", id: 3, value: { f: "read" } },
  { kind: "return", clientId: "b", id: 3, value: { value: 0 } },
];

// @ts-expect-error a step returns the next state or undefined, never text: the types are real
const wrong: Model<number, CounterInput, CounterOutput> = { ...counter, step: () => "no" };

const result: CheckResult = checkEvents(counter, events.slice(0, 4), "unknown", { timeoutMs: 5000 });
const stale: CheckResult = checkEvents(counter, events, "unknown", { timeoutMs: 5000 });
console.log(
  JSON.stringify({
    verdict: result.verdict,
    staleVerdict: stale.verdict,
    page: renderVisualizationPage(stale).startsWith("<!doctype html>"),
    wrong: wrong.name,
  }),
);
`;

const compilerOptions = {
  module: "nodenext",
  moduleResolution: "nodenext",
  target: "es2022",
  lib: ["es2023"],
  strict: true,
  allowJs: true,
  checkJs: true,
  outDir: "out",
  types: ["node"],
  typeRoots: [join(repositoryRoot, "node_modules/@types")],
  skipLibCheck: true,
};

describe("the packed porcupine-ts in a fresh project", () => {
  let workspace = "";
  let project = "";
  let packedFiles: string[] = [];

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), "porcupine-ts-"));
    const packed = run(
      "npm",
      ["pack", "--workspace", "porcupine-ts", "--pack-destination", workspace, "--json"],
      repositoryRoot,
    );
    const [tarball] = JSON.parse(packed.slice(packed.indexOf("["))) as {
      filename: string;
      files: { path: string }[];
    }[];
    packedFiles = tarball!.files.map((file) => file.path);
    project = join(workspace, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "checker-user", private: true, type: "module" }),
    );
    const tarballPath = join(workspace, tarball!.filename);
    run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarballPath], project);
  }, 4 * commandTimeoutMs);

  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it("packs the built module with a declaration beside every script, and nothing else", () => {
    expect(packedFiles).toContain("dist/index.js");
    expect(packedFiles).toContain("dist/index.d.ts");
    const scripts = packedFiles.filter((path) => path.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(20);
    for (const script of scripts) {
      expect(packedFiles).toContain(script.replace(/\.js$/, ".d.ts"));
    }
    const others = packedFiles.filter((path) => !/^dist\/.*\.(js|d\.ts)$/.test(path));
    expect(others.sort()).toEqual(["README.md", "package.json"]);
    expect(packedFiles.filter((path) => path.includes(".test."))).toEqual([]);
  });

  it("installs offline with no dependency and one entry point", () => {
    const installed = JSON.parse(
      readFileSync(join(project, "node_modules/porcupine-ts/package.json"), "utf8"),
    );
    expect(installed.name).toBe("porcupine-ts");
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.peerDependencies ?? {}).toEqual({});
    expect(Object.keys(installed.exports)).toEqual(["."]);
  });

  it("runs the queue example against the installed package", () => {
    copyFileSync(join(repositoryRoot, "examples/queue.mjs"), join(project, "queue.mjs"));
    const output = run("node", ["queue.mjs", "view.html"], project);
    expect(output).toMatch(/^racing clients: ok: linearizable \(7 operations, 2 partitions/m);
    expect(output).toMatch(
      /^an item jumps the queue: illegal: not linearizable at queue jobs \(5 operations/m,
    );
    expect(output).toContain("from state [1, 2], none of these can take effect next:");
    expect(output).toContain("#2 p3 dequeue -> 2");
    const page = readFileSync(join(project, "view.html"), "utf8");
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain("Queues: an item jumps the queue");
  });

  it("type-checks JavaScript and TypeScript users against the packed declarations, which run", () => {
    copyFileSync(join(repositoryRoot, "examples/queue.mjs"), join(project, "queue.mjs"));
    writeFileSync(join(project, "typed-user.ts"), typescriptUser);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions, include: ["queue.mjs", "typed-user.ts"] }),
    );
    run("node", [typescriptCompiler, "-p", "tsconfig.json"], project);
    const output = JSON.parse(run("node", ["out/typed-user.js"], project));
    expect(output).toEqual({
      verdict: "ok",
      staleVerdict: "illegal",
      page: true,
      wrong: "counter",
    });
  });
});
