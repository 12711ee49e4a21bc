import { describe, expect, it } from "vitest";
import {
  EdnChar,
  EdnKeyword,
  EdnList,
  EdnMap,
  EdnSet,
  EdnSymbol,
  EdnSyntaxError,
  EdnTagged,
  parseEdn,
  parseEdnForms,
} from "./edn.js";

describe("the EDN reader", () => {
  it("reads scalars: nil, booleans, integers, floats, strings with escapes, characters, keywords, symbols", () => {
    expect(parseEdn("nil")).toBe(null);
    expect(parseEdn("true")).toBe(true);
    expect(parseEdn("-42")).toBe(-42);
    expect(parseEdn("7N")).toBe(7);
    expect(parseEdn("1.5e3")).toMatchObject({ kind: "float", exact: "1.5e3" });
    expect(parseEdn('"a\\"b\\n\\u0041"')).toBe('a"b\nA');
    expect(parseEdn("\\newline")).toEqual(new EdnChar("\n"));
    expect(parseEdn(":type")).toBe(EdnKeyword.of("type"));
    expect(parseEdn("jepsen.core/run")).toEqual(new EdnSymbol("jepsen.core/run"));
  });

  it("reads collections, with commas as whitespace, ; comments and #_ discards", () => {
    const value = parseEdn("{:a [1, 2 #_ 3] ; note\n :b (x) :c #{:d}}") as EdnMap;
    expect(value).toBeInstanceOf(EdnMap);
    expect(value.get("a")).toEqual([1, 2]);
    expect(value.get("b")).toEqual(new EdnList([new EdnSymbol("x")]));
    expect(value.get("c")).toEqual(new EdnSet([EdnKeyword.of("d")]));
    expect(parseEdn('#inst "2020-01-01"')).toEqual(new EdnTagged("inst", "2020-01-01"));
  });

  it("gives each top-level form's line", () => {
    expect(parseEdnForms("{:a 1}\n\n{:b 2}").map((form) => form.line)).toEqual([1, 3]);
  });

  it("names the line, column and what was expected when the text is not EDN", () => {
    const cases: [string, RegExp][] = [
      [
        "{:a 1",
        /expected '}' to close the collection opened on line 1, found the end of the input/,
      ],
      ["{:a}", /expected a map with a value for every key/],
      ["[1 2)", /expected a value, found '\)'/],
      ['"abc', /expected '"' to close the string/],
      ["\n  @x", /^2:\d+: expected a value/],
      ['"\\q"', /expected a string escape/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseEdn(text), text).toThrow(EdnSyntaxError);
      expect(() => parseEdn(text), text).toThrow(message);
    }
  });
});
