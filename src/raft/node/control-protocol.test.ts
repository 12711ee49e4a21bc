import { describe, expect, it } from "vitest";
import { asHarnessCommand, asNodeReport, JsonLineReader } from "./control-protocol.js";

describe("the control channel's lines", () => {
  it("come out whole and in order however the stream is cut", () => {
    const text = '{"a":1}\n{"b":"x\\ny"}\n\n{"c":[1,2]}\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const reader = new JsonLineReader();
      const values: unknown[] = [];
      reader.read(text.slice(0, cut), (value) => values.push(value));
      reader.read(text.slice(cut), (value) => values.push(value));
      expect(values).toEqual([{ a: 1 }, { b: "x\ny" }, { c: [1, 2] }]);
    }
  });

  it("refuse a line beyond the bound instead of buffering it", () => {
    const reader = new JsonLineReader(16);
    expect(() => reader.read("x".repeat(17), () => {})).toThrow("exceeds 16 bytes");
  });

  it("accept only well-formed commands and reports", () => {
    expect(asHarnessCommand({ t: "tear", id: 3, fraction: 0.5 })).toEqual({
      t: "tear",
      id: 3,
      fraction: 0.5,
    });
    expect(() => asHarnessCommand({ t: "tear", id: 3, fraction: 2 })).toThrow("fraction");
    expect(() => asHarnessCommand({ t: "set-clock-rate", id: 1, rate: 0 })).toThrow("clock rate");
    expect(() => asHarnessCommand({ t: "flush-to-os" })).toThrow("without an id");
    expect(() => asHarnessCommand({ t: "reboot", id: 1 })).toThrow("not a control command");
    expect(asNodeReport({ t: "ack", id: 1 })).toEqual({ t: "ack", id: 1 });
    expect(() => asNodeReport([1])).toThrow("not a node report");
  });
});
