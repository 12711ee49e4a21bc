import { type ExactNumber, numberFromEdn } from "./exact-number.js";
import { quotedPrintable } from "./format-error.js";
import { nestingDepthMax } from "./limits.js";

/**
 * A small, strict reader of EDN (extensible data notation), enough for Jepsen histories: nil,
 * booleans, numbers, strings, characters, keywords, symbols, lists, vectors, maps, sets, tagged
 * values (#inst "..."), `#_` discards and `;` comments; commas are whitespace. Anything else is
 * an error at its line and column. Numbers stay exact as Clojure reads them (`1` and `1.0`
 * differ; see exact-number.ts), and nesting is bounded (an error, never a stack overflow).
 * (No npm EDN reader is both maintained and small enough to
 * justify a runtime dependency for this.)
 */

export class EdnKeyword {
  private static readonly interned = new Map<string, EdnKeyword>();
  private constructor(readonly name: string) {}
  static of(name: string): EdnKeyword {
    let keyword = EdnKeyword.interned.get(name);
    if (!keyword) {
      keyword = new EdnKeyword(name);
      EdnKeyword.interned.set(name, keyword);
    }
    return keyword;
  }
  toString(): string {
    return `:${this.name}`;
  }
}

export class EdnSymbol {
  constructor(readonly name: string) {}
}

export class EdnChar {
  constructor(readonly char: string) {}
}

export class EdnList {
  constructor(readonly items: EdnValue[]) {}
}

export class EdnSet {
  constructor(readonly items: EdnValue[]) {}
}

export class EdnTagged {
  constructor(
    readonly tag: string,
    readonly value: EdnValue,
  ) {}
}

/** A map, in the order written, with the line its `{` is on; `get` looks up keyword keys by name. */
export class EdnMap {
  constructor(
    readonly entries: [EdnValue, EdnValue][],
    readonly line = 0,
  ) {}
  get(keywordName: string): EdnValue | undefined {
    const keyword = EdnKeyword.of(keywordName);
    for (const [key, value] of this.entries) if (key === keyword) return value;
    return undefined;
  }
  has(keywordName: string): boolean {
    const keyword = EdnKeyword.of(keywordName);
    return this.entries.some(([key]) => key === keyword);
  }
}

/** Vectors are plain arrays. */
export type EdnValue =
  | null
  | boolean
  | number
  | ExactNumber
  | string
  | EdnKeyword
  | EdnSymbol
  | EdnChar
  | EdnList
  | EdnSet
  | EdnMap
  | EdnTagged
  | EdnValue[];

export class EdnSyntaxError extends Error {
  override name = "EdnSyntaxError";
  constructor(
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${line}:${column}: expected ${expected}, found ${found}`);
  }
}

/** A top-level form and the line it starts on. */
export interface EdnForm {
  value: EdnValue;
  line: number;
}

/** Reads every top-level form of an EDN text. */
export function parseEdnForms(text: string): EdnForm[] {
  const reader = new EdnReader(text);
  const forms: EdnForm[] = [];
  for (;;) {
    reader.skipWhitespace();
    if (reader.atEnd()) return forms;
    const line = reader.line;
    const value = reader.readForm();
    if (value !== discarded) forms.push({ value, line });
  }
}

/** Reads exactly one EDN value. */
export function parseEdn(text: string): EdnValue {
  const forms = parseEdnForms(text);
  if (forms.length !== 1)
    throw new EdnSyntaxError(1, 1, "exactly one EDN value", `${forms.length}`);
  return forms[0]!.value;
}

const discarded = Symbol("discarded");
const delimiters = new Set(["(", ")", "[", "]", "{", "}", '"', ";", ",", " ", "\t", "\n", "\r"]);
const namedCharacters: Record<string, string> = {
  newline: "\n",
  space: " ",
  tab: "\t",
  return: "\r",
};
const symbolPattern = /^[A-Za-z*+!\-_?<>=.&%$|/'][A-Za-z0-9*+!\-_?<>=.&%$|/:#']*$/;

class EdnReader {
  private position = 0;
  private depth = 0;
  line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipWhitespace(): void {
    const text = this.text;
    while (this.position < text.length) {
      const char = text[this.position]!;
      if (char === ";") {
        while (this.position < text.length && text[this.position] !== "\n") this.position++;
      } else if (char === "\n") {
        this.position++;
        this.line++;
        this.lineStart = this.position;
      } else if (char === " " || char === "\t" || char === "\r" || char === ",") this.position++;
      else return;
    }
  }

  /** One form; every way a form holds another (collections, tags, #_) passes through here. */
  readForm(): EdnValue | typeof discarded {
    if (this.depth >= nestingDepthMax)
      this.fail(`values nested at most ${nestingDepthMax} deep`, "deeper nesting");
    this.depth++;
    const form = this.readFormInside();
    this.depth--;
    return form;
  }

  private readFormInside(): EdnValue | typeof discarded {
    this.skipWhitespace();
    if (this.atEnd()) this.fail("a value", "the end of the input");
    const char = this.text[this.position]!;
    switch (char) {
      case "(":
        return new EdnList(this.readSequence(")"));
      case "[":
        return this.readSequence("]");
      case "{":
        return this.readMap();
      case '"':
        return this.readString();
      case "\\":
        return this.readChar();
      case "#":
        return this.readDispatch();
      case ")":
      case "]":
      case "}":
        return this.fail("a value", `'${char}'`);
      default:
        return this.readAtom();
    }
  }

  private readSequence(closing: string): EdnValue[] {
    const openLine = this.line;
    this.position++;
    const items: EdnValue[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd())
        this.fail(
          `'${closing}' to close the collection opened on line ${openLine}`,
          "the end of the input",
        );
      if (this.text[this.position] === closing) {
        this.position++;
        return items;
      }
      const item = this.readForm();
      if (item !== discarded) items.push(item);
    }
  }

  private readMap(): EdnMap {
    const line = this.line;
    const items = this.readSequence("}");
    if (items.length % 2 !== 0)
      this.fail("a map with a value for every key", `${items.length} forms`);
    const entries: [EdnValue, EdnValue][] = [];
    for (let index = 0; index < items.length; index += 2)
      entries.push([items[index]!, items[index + 1]!]);
    return new EdnMap(entries, line);
  }

  private readString(): string {
    const text = this.text;
    let result = "";
    this.position++;
    for (;;) {
      if (this.position >= text.length)
        this.fail("'\"' to close the string", "the end of the input");
      const char = text[this.position++]!;
      if (char === '"') return result;
      if (char === "\n") {
        this.line++;
        this.lineStart = this.position;
      }
      if (char !== "\\") {
        result += char;
        continue;
      }
      result += this.readEscape();
    }
  }

  private readEscape(): string {
    const escaped = this.text[this.position++];
    switch (escaped) {
      case '"':
      case "\\":
        return escaped;
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "u": {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex))
          this.fail("four hex digits after \\u", quotedPrintable(hex));
        this.position += 4;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        return this.fail(
          'a string escape (\\" \\\\ \\n \\t \\r \\uXXXX)',
          quotedPrintable(`\\${escaped ?? ""}`),
        );
    }
  }

  private readChar(): EdnChar {
    this.position++;
    const token = this.readToken();
    if (token.length === 1) return new EdnChar(token);
    const named = namedCharacters[token];
    if (named !== undefined) return new EdnChar(named);
    return this.fail(
      "a character (\\c, \\newline, \\space, \\tab, \\return)",
      quotedPrintable(`\\${token}`),
    );
  }

  private readDispatch(): EdnValue | typeof discarded {
    const next = this.text[this.position + 1];
    if (next === "{") {
      this.position++;
      return new EdnSet(this.readSequence("}"));
    }
    if (next === "_") {
      this.position += 2;
      this.readForm();
      return discarded;
    }
    this.position++;
    const tag = this.readToken();
    if (!symbolPattern.test(tag))
      this.fail("a tag after '#' (as in #inst), '#{' or '#_'", quotedPrintable(`#${tag}`));
    const value = this.readForm();
    if (value === discarded) return this.fail("a value after the tag", "a discard");
    return new EdnTagged(tag, value);
  }

  private readAtom(): EdnValue {
    const token = this.readToken();
    if (token === "nil") return null;
    if (token === "true") return true;
    if (token === "false") return false;
    if (token.startsWith(":")) {
      const name = token.slice(1);
      if (!symbolPattern.test(name)) this.fail("a keyword name after ':'", quotedPrintable(token));
      return EdnKeyword.of(name);
    }
    const number = numberFromEdn(token);
    if (number !== undefined) return number;
    if (/^[+-]?\d/.test(token)) {
      return this.fail(
        "a number (an integer without leading zeros, 12N, 1.5, 1e3 or 1.5M)",
        quotedPrintable(token),
      );
    }
    if (symbolPattern.test(token)) return new EdnSymbol(token);
    return this.fail(
      "a value (nil, true, false, a number, a string, :keyword, symbol or collection)",
      quotedPrintable(token),
    );
  }

  private readToken(): string {
    const start = this.position;
    const text = this.text;
    while (this.position < text.length && !delimiters.has(text[this.position]!)) this.position++;
    if (this.position === start) this.fail("a value", quotedPrintable(text[start] ?? ""));
    return text.slice(start, this.position);
  }

  private fail(expected: string, found: string): never {
    throw new EdnSyntaxError(this.line, this.position - this.lineStart + 1, expected, found);
  }
}
