import { describe, expect, it } from "vitest";
import { copyBytes } from "./copy-bytes.js";

describe("copyBytes", () => {
  it("copies exactly the range asked for, short or long, and nothing around it", () => {
    for (const length of [0, 1, 63, 64, 65, 300]) {
      const source = Uint8Array.from(
        { length: length + 10 },
        (_, offset) => (offset * 7 + 1) % 251,
      );
      const target = new Uint8Array(length + 20);
      copyBytes(target, 6, source, 5, 5 + length);
      expect([...target.subarray(6, 6 + length)]).toEqual([...source.subarray(5, 5 + length)]);
      expect(
        [...target.subarray(0, 6), ...target.subarray(6 + length)].every((byte) => byte === 0),
      ).toBe(true);
    }
  });
});
