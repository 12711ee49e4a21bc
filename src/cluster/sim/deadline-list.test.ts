import { describe, expect, it } from "vitest";
import { type Deadlined, DeadlineList } from "./deadline-list.js";

interface Item extends Deadlined {
  name: string;
}

function item(name: string, deadlineNs: number): Item {
  return { name, deadlineNs, earlier: null, later: null, listed: false };
}

const names = (list: DeadlineList<Item>) => list.items().map((entry) => entry.name);

describe("DeadlineList", () => {
  it("keeps items by deadline, equal deadlines in the order added", () => {
    const list = new DeadlineList<Item>();
    for (const [name, deadline] of [
      ["c", 30],
      ["a", 10],
      ["d", 30],
      ["b", 20],
      ["e", 40],
      ["a2", 10],
    ] as const) {
      list.add(item(name, deadline));
    }
    expect(names(list)).toEqual(["a", "a2", "b", "c", "d", "e"]);
    expect(list.size).toBe(6);
    expect(list.first()?.name).toBe("a");
  });

  it("removes from the front, the middle and the end, once", () => {
    const list = new DeadlineList<Item>();
    const items = [item("a", 1), item("b", 2), item("c", 3), item("d", 4)];
    for (const entry of items) list.add(entry);
    expect(list.remove(items[1] as Item)).toBe(true);
    expect(list.remove(items[1] as Item)).toBe(false);
    expect(list.remove(items[3] as Item)).toBe(true);
    expect(list.remove(items[0] as Item)).toBe(true);
    expect(names(list)).toEqual(["c"]);
    expect(list.first()?.name).toBe("c");
    list.add(item("e", 0));
    list.add(item("f", 9));
    expect(names(list)).toEqual(["e", "c", "f"]);
    expect(list.size).toBe(3);
  });

  it("takes only the items whose deadline has come, earliest first", () => {
    const list = new DeadlineList<Item>();
    for (const [name, deadline] of [
      ["late", 50],
      ["early", 5],
      ["now", 20],
    ] as const) {
      list.add(item(name, deadline));
    }
    const taken: string[] = [];
    for (let due = list.takeDue(20); due !== null; due = list.takeDue(20)) taken.push(due.name);
    expect(taken).toEqual(["early", "now"]);
    expect(names(list)).toEqual(["late"]);
    expect(list.takeDue(49)).toBeNull();
  });

  it("refuses an item that is already listed", () => {
    const list = new DeadlineList<Item>();
    const entry = item("a", 1);
    list.add(entry);
    expect(() => list.add(entry)).toThrow("already in a deadline list");
  });
});
