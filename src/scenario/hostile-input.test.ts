import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./load.js";
import { maximumProblemsShownPerFile, ScenarioError } from "./scenario-error.js";

/** The ScenarioError that parsing `text` must throw. */
function errorOf(text: string): ScenarioError {
  try {
    parseScenarioText(text, "s.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error("the scenario parsed, but it should not have");
}

function manyKeys(count: number): string {
  const lines = ["name: s", "duration: 5s"];
  for (let index = 0; index < count; index += 1) lines.push(`k${index}: 1`);
  return `${lines.join("\n")}\n`;
}

/** CPU time (user and system) spent in `action`, in microseconds. */
function cpuMicroseconds(action: () => void): number {
  const before = process.cpuUsage();
  action();
  const spent = process.cpuUsage(before);
  return spent.user + spent.system;
}

describe("a file with tens of thousands of unknown keys", () => {
  it("reports the first few with their position and counts the rest in one line", () => {
    const error = errorOf(manyKeys(60_000));
    expect(error.problems).toHaveLength(5);
    expect(error.message.split("\n")).toEqual([
      "s.yaml:3:1: k0: unknown key",
      "  keys allowed here: name, description, cluster, raft, network, disk, workload, duration, nemesis, checks, expect",
      "s.yaml:4:1: k1: unknown key",
      "s.yaml:5:1: k2: unknown key",
      "s.yaml:6:1: k3: unknown key",
      "s.yaml:7:1: k4: unknown key, as are 59995 more keys after it in this mapping",
    ]);
  }, 60_000);

  it("costs work in proportion to the keys: ten times the keys, nowhere near a hundred times the work", () => {
    // Checking each key against every other (as a duplicate check by comparison does) makes ten
    // times the keys cost a hundred times the work; a pass per key, about ten times. A ratio,
    // not a duration: it holds on a slow or busy machine alike. The best of two runs of each
    // size leaves out a garbage collection that happens to fall in one of them.
    const small = manyKeys(2_000);
    const large = manyKeys(20_000);
    errorOf(small);
    const cost = (text: string) =>
      Math.min(
        cpuMicroseconds(() => errorOf(text)),
        cpuMicroseconds(() => errorOf(text)),
      );
    const ratio = cost(large) / cost(small);
    expect(ratio).toBeLessThan(40);
  }, 120_000);

  it("still finds a key given twice, at the second one", () => {
    const text = `${manyKeys(2_000)}k17: 2\n`;
    expect(errorOf(text).message).toBe(`s.yaml:${2_003}:1: YAML syntax: Map keys must be unique`);
  });
});

describe("a file that is not YAML text", () => {
  it("of tab-indented lines gets a few lines of errors, not one per line", () => {
    const lines = ["name: s", "duration: 5s", "cluster:"];
    for (let index = 0; index < 40; index += 1) lines.push(`\tkey${index}: 1`);
    const message = errorOf(`${lines.join("\n")}\n`).message.split("\n");
    expect(message.length).toBeLessThanOrEqual(maximumProblemsShownPerFile + 1);
    expect(message[0]).toBe("s.yaml:4:1: YAML syntax: Tabs are not allowed as indentation");
    expect(message.at(-1)).toBe("s.yaml: ... and 35 more problems");
  });

  it("of binary bytes is never echoed back: short lines, unprintable characters escaped", () => {
    const controls = Array.from({ length: 300 }, (_, index) =>
      String.fromCharCode(1 + (index % 8), 0x7f, 0x1b),
    ).join("");
    const text = `name: s\nduration: 5s\nk${controls}: 1\n`;
    const message = errorOf(text).message;
    expect(message.length).toBeLessThan(1000);
    const unprintable = [...message].filter((character) => {
      const code = character.charCodeAt(0);
      return character !== "\n" && (code < 0x20 || code === 0x7f);
    });
    expect(unprintable).toEqual([]);
    expect(message).toContain("\\u001b");
  });
});
