import { describe, expect, it } from "vitest";
import { asciiText } from "./ascii-text.js";

const encoder = new TextEncoder();

describe("asciiText", () => {
  it("spells every length from 0 to 40, at any offset", () => {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
    for (let length = 0; length <= 40; length++) {
      const text = alphabet.slice(0, length);
      const bytes = encoder.encode(`xy${text}z`);
      expect(asciiText(bytes, 2, 2 + length)).toBe(text);
    }
  });

  it("refuses bytes that are not ASCII, wherever they are", () => {
    const bytes = encoder.encode("abcdefghijé");
    expect(asciiText(bytes, 0, bytes.length)).toBeNull();
    expect(asciiText(bytes, 0, 10)).toBe("abcdefghij");
  });
});
