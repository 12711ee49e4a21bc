import { type ExactNumber, numberFromJson } from "./exact-number.js";
import { quotedPrintable } from "./format-error.js";
import { nestingDepthMax } from "./limits.js";

/** A JSON value as the history readers see it: numbers stay exact (see exact-number.ts). */
export type JsonValue =
  | null
  | boolean
  | string
  | number
  | ExactNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
  constructor(
    /** 1-based column in the line. */
    readonly column: number,
    readonly expected: string,
    readonly found: string,
    /** True when the line ended before the value did (a line cut short). */
    readonly atEnd: boolean,
  ) {
    super(`${column}: expected ${expected}, found ${found}`);
  }
}

/**
 * Parses one line of JSON (RFC 8259), keeping every number exact, refusing a key given twice in
 * one object and nesting deeper than `nestingDepthMax` (an error, never a stack overflow).
 * JSON.parse cannot do the first: it turns 9007199254740993 into 9007199254740992.
 */
export function parseJsonLine(line: string): JsonValue {
  const parser = new JsonLineParser(line);
  const value = parser.readValue(0);
  parser.skipWhitespace();
  if (!parser.atEnd()) parser.fail("the end of the line after the value");
  return value;
}

const numberPattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const escapes: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class JsonLineParser {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const char = text[this.position];
      if (char !== " " && char !== "\t" && char !== "\r" && char !== "\n") return;
      this.position++;
    }
  }

  readValue(depth: number): JsonValue {
    this.skipWhitespace();
    const char = this.text[this.position];
    switch (char) {
      case "{":
        return this.readObject(depth + 1);
      case "[":
        return this.readArray(depth + 1);
      case '"':
        return this.readString();
      case "t":
        return this.readLiteral("true", true);
      case "f":
        return this.readLiteral("false", false);
      case "n":
        return this.readLiteral("null", null);
      default:
        return this.readNumber();
    }
  }

  private enter(depth: number): void {
    if (depth > nestingDepthMax)
      this.fail(`values nested at most ${nestingDepthMax} deep`, "deeper nesting");
    this.position++;
  }

  private readObject(depth: number): { [key: string]: JsonValue } {
    this.enter(depth);
    const object: { [key: string]: JsonValue } = {};
    this.skipWhitespace();
    if (this.text[this.position] === "}") {
      this.position++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail("a key in double quotes");
      const keyColumn = this.position;
      const key = this.readString();
      if (Object.hasOwn(object, key)) {
        this.position = keyColumn;
        this.fail("each key once in an object", `${quotedPrintable(key)} again`);
      }
      this.skipWhitespace();
      this.expect(":");
      const value = this.readValue(depth);
      if (key === "__proto__") {
        // Data here, never the object's prototype.
        Object.defineProperty(object, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else object[key] = value;
      this.skipWhitespace();
      if (this.text[this.position] === ",") {
        this.position++;
        continue;
      }
      this.expect("}", "',' or '}'");
      return object;
    }
  }

  private readArray(depth: number): JsonValue[] {
    this.enter(depth);
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === "]") {
      this.position++;
      return items;
    }
    for (;;) {
      items.push(this.readValue(depth));
      this.skipWhitespace();
      if (this.text[this.position] === ",") {
        this.position++;
        continue;
      }
      this.expect("]", "',' or ']'");
      return items;
    }
  }

  private readString(): string {
    const text = this.text;
    this.position++;
    let result = "";
    let start = this.position;
    for (;;) {
      if (this.position >= text.length) this.fail("'\"' to close the string");
      const code = text.charCodeAt(this.position);
      if (code === 0x22) {
        result += text.slice(start, this.position);
        this.position++;
        return result;
      }
      if (code < 0x20) this.fail("a control character escaped in a string (\\n, \\u0000)");
      if (code !== 0x5c) {
        this.position++;
        continue;
      }
      result += text.slice(start, this.position);
      result += this.readEscape();
      start = this.position;
    }
  }

  private readEscape(): string {
    const escaped = this.text[this.position + 1];
    if (escaped === undefined) {
      this.position++;
      this.fail("an escape after '\\'");
    }
    if (escaped === "u") {
      const hex = this.text.slice(this.position + 2, this.position + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.position += 2;
        this.fail("four hex digits after \\u");
      }
      this.position += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const replacement = escapes[escaped];
    if (replacement === undefined) {
      this.position++;
      this.fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
    }
    this.position += 2;
    return replacement;
  }

  private readLiteral(word: string, value: JsonValue): JsonValue {
    if (!this.text.startsWith(word, this.position)) return this.readNumber();
    this.position += word.length;
    return value;
  }

  private readNumber(): number | ExactNumber {
    const small = this.readSmallInteger();
    if (small !== undefined) return small;
    numberPattern.lastIndex = this.position;
    const match = numberPattern.exec(this.text);
    if (!match) this.fail("a value (an object, array, string, number, true, false or null)");
    this.position += match[0].length;
    return numberFromJson(match[0])!;
  }

  /** The common case quickly: an integer of at most 15 digits, with no fraction or exponent. */
  private readSmallInteger(): number | undefined {
    const text = this.text;
    const start = this.position;
    let index = text.charCodeAt(start) === 0x2d ? start + 1 : start;
    const digitsStart = index;
    let value = 0;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code < 0x30 || code > 0x39) break;
      value = value * 10 + (code - 0x30);
      index++;
    }
    const digits = index - digitsStart;
    if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(digitsStart) === 0x30))
      return undefined;
    const next = text[index];
    if (next === "." || next === "e" || next === "E") return undefined;
    this.position = index;
    return digitsStart === start ? value : -value;
  }

  private expect(char: string, expected = `'${char}'`): void {
    if (this.text[this.position] !== char) this.fail(expected);
    this.position++;
  }

  fail(expected: string, found?: string): never {
    const atEnd = this.position >= this.text.length;
    const shown = found ?? (atEnd ? "the end of the line" : describeAt(this.text, this.position));
    throw new JsonSyntaxError(this.position + 1, expected, shown, atEnd && found === undefined);
  }
}

function describeAt(text: string, position: number): string {
  return quotedPrintable(text.slice(position, position + 21), 20);
}
