/**
 * Numbers in histories, kept exact. An integer that a JavaScript number holds exactly (within
 * ±(2^53 - 1)) is a plain number; every other number read from a file is an ExactNumber: an
 * integer beyond that range, any float (`1.0` is not the integer `1`, as in Clojure) and an EDN
 * decimal (`1.5M`, not the float `1.5`). Two ExactNumbers are the same value when their `exact`
 * texts are equal: `1.0` and `1.00` are, `9007199254740993` and `9007199254740992` are not.
 */

export type NumberKind = "integer" | "float" | "decimal";

export class ExactNumber {
  /**
   * @param kind integer, float or decimal.
   * @param text how the file wrote it (`1.0`, `12N`, `1.5M`).
   * @param exact the same text for every spelling of the same value of the same kind: the
   *   digits of an integer (`-12`); a float as `D.DDDeN` with no trailing zeros (`1.0e0` for
   *   `1.0`, `1.5e2` for `150.0`); a decimal as a float followed by `M`.
   */
  constructor(
    readonly kind: NumberKind,
    readonly text: string,
    readonly exact: string,
  ) {}

  /** The number as a JSON number, or undefined for an EDN decimal, which JSON cannot tell from a float. */
  jsonText(): string | undefined {
    if (this.kind === "integer") return this.exact;
    if (this.kind === "decimal") return undefined;
    return jsonNumberPattern.test(this.text) ? this.text : this.exact;
  }

  /** The number as EDN (Clojure reads an integer beyond a long as a BigInt by itself). */
  ednText(): string {
    return this.kind === "integer" ? this.exact : this.text;
  }

  toString(): string {
    return this.text;
  }

  /** Views that serialize with JSON.stringify show the number as written, never an object. */
  toJSON(): string {
    return this.text;
  }
}

/** A number in a history value: a plain number when exact as one, else an ExactNumber. */
export type HistoryNumber = number | ExactNumber;

const jsonNumberPattern = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const ednNumberPattern = /^([+-]?)(\d+)(?:(\.\d*)?([eE][+-]?\d+)?)(N|M)?$/;

/**
 * The number a JSON number token stands for, or undefined when the text is not one. An integer
 * is written without a fraction or exponent; anything with one is a float.
 */
export function numberFromJson(text: string): HistoryNumber | undefined {
  if (!jsonNumberPattern.test(text)) return undefined;
  return numberFromParts(text, undefined);
}

/**
 * The number an EDN number token stands for, or undefined when the text is not one. As in
 * Clojure: `12N` is the integer 12, `1.0` and `1e3` are floats, `1.5M` is a decimal. An integer
 * with a leading zero is refused (Clojure would read `010` as octal).
 */
export function numberFromEdn(text: string): HistoryNumber | undefined {
  const match = ednNumberPattern.exec(text);
  if (!match) return undefined;
  const [, , digits, fraction, exponent, suffix] = match;
  const isInteger = fraction === undefined && exponent === undefined && suffix !== "M";
  if (isInteger && digits!.length > 1 && digits!.startsWith("0")) return undefined;
  if (!isInteger && suffix === "N") return undefined;
  return numberFromParts(text, suffix === "M" ? "decimal" : undefined);
}

function numberFromParts(text: string, forcedKind: "decimal" | undefined): HistoryNumber {
  const match = ednNumberPattern.exec(text)!;
  const [, sign, integerDigits, fraction, exponent] = match;
  const isInteger = forcedKind === undefined && fraction === undefined && exponent === undefined;
  const negative = sign === "-";
  if (isInteger) {
    const digits = integerDigits!.replace(/^0+(?=\d)/, "");
    const plain = Number(`${negative ? "-" : ""}${digits}`);
    if (Number.isSafeInteger(plain)) return plain;
    return new ExactNumber("integer", text, `${negative ? "-" : ""}${digits}`);
  }
  const exact = scientificText(negative, integerDigits!, (fraction ?? ".").slice(1), exponent);
  const kind = forcedKind ?? "float";
  return new ExactNumber(kind, text, kind === "decimal" ? `${exact}M` : exact);
}

/** `D.DDDeN` for sign, integer digits, fraction digits and an exponent text like `e-3`. */
function scientificText(
  negative: boolean,
  integerDigits: string,
  fractionDigits: string,
  exponentText: string | undefined,
): string {
  const allDigits = integerDigits + fractionDigits;
  const leading = allDigits.search(/[1-9]/);
  if (leading === -1) return "0.0e0";
  const significant = allDigits.slice(leading).replace(/0+$/, "");
  // The value is 0.<allDigits> * 10^(integerDigits.length + exponent); exponents stay exact as bigints.
  const exponent =
    BigInt(integerDigits.length) - BigInt(leading) - 1n + BigInt(exponentText?.slice(1) ?? 0);
  const fraction = significant.slice(1) || "0";
  return `${negative ? "-" : ""}${significant[0]}.${fraction}e${exponent}`;
}
