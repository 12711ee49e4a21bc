import { describe, expect, it } from "vitest";
import { ExactNumber } from "./exact-number.js";
import { JsonSyntaxError, parseJsonLine } from "./json-line.js";

function syntaxErrorOf(text: string): JsonSyntaxError {
  try {
    parseJsonLine(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${text.slice(0, 40)} to be refused`);
}

describe("the JSON line reader", () => {
  it("reads what JSON.parse reads, for values it holds exactly", () => {
    const line =
      '{"a":[1,-2,true,false,null],"b":{"c":"d\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"},"e":[],"f":{}, "g" : 0 }';
    expect(parseJsonLine(line)).toEqual(JSON.parse(line));
  });

  it("keeps integers beyond 2^53 and 400-digit integers exact, and floats apart from integers", () => {
    const value = parseJsonLine(
      `{"a":9007199254740993,"b":9007199254740992,"c":${"9".repeat(400)},"d":1.0,"e":1}`,
    ) as Record<string, unknown>;
    expect(value.a).toMatchObject({ kind: "integer", exact: "9007199254740993" });
    expect(value.b).toMatchObject({ kind: "integer", exact: "9007199254740992" });
    expect((value.c as ExactNumber).exact).toBe("9".repeat(400));
    expect(value.d).toBeInstanceOf(ExactNumber);
    expect(value.e).toBe(1);
  });

  it("refuses nesting deeper than the limit with an error, however deep, never a stack overflow", () => {
    const deep = `{"a":${"[".repeat(100_000)}`;
    const error = syntaxErrorOf(deep);
    expect(error.message).toMatch(/expected values nested at most 100 deep, found deeper nesting/);
    expect(error.atEnd).toBe(false);
    expect(parseJsonLine(`${"[".repeat(100)}${"]".repeat(100)}`)).toBeInstanceOf(Array);
  });

  it("refuses a key given twice, and keeps a __proto__ key as data", () => {
    expect(syntaxErrorOf('{"a":1,"a":2}').message).toMatch(/expected each key once/);
    const value = parseJsonLine('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  it("says where a line goes wrong, and whether it merely ended too soon", () => {
    expect(syntaxErrorOf('{"a":1').atEnd).toBe(true);
    expect(syntaxErrorOf('{"a":"b').atEnd).toBe(true);
    const wrong = syntaxErrorOf('{"a":tru}');
    expect(wrong.atEnd).toBe(false);
    expect(wrong.column).toBe(6);
    expect(syntaxErrorOf('{"a":01}').message).toMatch(/expected ',' or '}'/);
    expect(syntaxErrorOf('{"a":"\u0001"}').message).toMatch(/control character/);
    expect(syntaxErrorOf('{"a":1} x').message).toMatch(/the end of the line after the value/);
  });
});
