import { describe, expect, it } from "vitest";
import { Sleeper, SleeperList } from "./sleeper-list.js";

function sleeper(): Sleeper {
  return new Sleeper(
    () => {},
    () => {},
  );
}

describe("SleeperList", () => {
  it("takes all sleepers in the order they began, minus those removed", () => {
    const list = new SleeperList();
    const [first, second, third, fourth] = [sleeper(), sleeper(), sleeper(), sleeper()];
    for (const each of [first, second, third, fourth]) list.add(each);
    expect(list.remove(third)).toBe(true);
    expect(list.remove(first)).toBe(true);
    expect(list.size).toBe(2);
    expect(list.takeAll()).toEqual([second, fourth]);
    expect(list.size).toBe(0);
    expect(list.takeAll()).toEqual([]);
  });

  it("refuses a sleeper twice and removes one only once", () => {
    const list = new SleeperList();
    const only = sleeper();
    list.add(only);
    expect(() => list.add(only)).toThrow(/already waiting/);
    expect(list.remove(only)).toBe(true);
    expect(list.remove(only)).toBe(false);
    list.add(only);
    expect(list.takeAll()).toEqual([only]);
  });
});
