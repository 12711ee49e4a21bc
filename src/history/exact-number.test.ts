import { describe, expect, it } from "vitest";
import { ExactNumber, numberFromEdn, numberFromJson } from "./exact-number.js";

const exactOf = (value: unknown) => (value instanceof ExactNumber ? value.exact : value);

describe("exact numbers", () => {
  it("keeps integers JavaScript holds exactly as plain numbers and every other integer exact", () => {
    expect(numberFromJson("9007199254740991")).toBe(9007199254740991);
    expect(numberFromJson("-12")).toBe(-12);
    expect(exactOf(numberFromJson("9007199254740993"))).toBe("9007199254740993");
    expect(exactOf(numberFromJson("9007199254740992"))).toBe("9007199254740992");
    expect(exactOf(numberFromJson(`-${"7".repeat(400)}`))).toBe(`-${"7".repeat(400)}`);
  });

  it("tells a float from the integer of the same value, and reads every spelling of one float alike", () => {
    const one = numberFromJson("1.0") as ExactNumber;
    expect(one).toMatchObject({ kind: "float", text: "1.0", exact: "1.0e0" });
    expect(numberFromJson("1")).toBe(1);
    expect(exactOf(numberFromJson("1.00"))).toBe("1.0e0");
    expect(exactOf(numberFromJson("10e-1"))).toBe("1.0e0");
    expect(exactOf(numberFromJson("150.0"))).toBe("1.5e2");
    expect(exactOf(numberFromJson("-0.00120"))).toBe("-1.2e-3");
    expect(exactOf(numberFromJson("0.0"))).toBe(exactOf(numberFromJson("-0.0e5")));
    expect(exactOf(numberFromJson("0.1"))).not.toBe(exactOf(numberFromJson("0.10000000000000001")));
  });

  it("reads EDN numbers as Clojure does: 12N is 12, 1.5M is a decimal apart from the float 1.5, 010 is refused", () => {
    expect(numberFromEdn("12N")).toBe(12);
    expect(numberFromEdn("+5")).toBe(5);
    expect(exactOf(numberFromEdn("9007199254740993N"))).toBe("9007199254740993");
    expect(numberFromEdn("1.5M")).toMatchObject({ kind: "decimal", exact: "1.5e0M" });
    expect(exactOf(numberFromEdn("1.5M"))).not.toBe(exactOf(numberFromEdn("1.5")));
    expect(numberFromEdn("010")).toBeUndefined();
    expect(numberFromEdn("1.5N")).toBeUndefined();
  });

  it("writes each number back as a JSON or EDN number of the same value and kind", () => {
    const big = numberFromEdn("9007199254740993N") as ExactNumber;
    expect([big.jsonText(), big.ednText()]).toEqual(["9007199254740993", "9007199254740993"]);
    const float = numberFromEdn("+1.") as ExactNumber;
    expect([float.jsonText(), float.ednText()]).toEqual(["1.0e0", "+1."]);
    expect((numberFromJson("2.50") as ExactNumber).jsonText()).toBe("2.50");
    expect((numberFromEdn("1.5M") as ExactNumber).jsonText()).toBeUndefined();
    expect(JSON.stringify({ value: big })).toBe('{"value":"9007199254740993N"}');
  });
});
