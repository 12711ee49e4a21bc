/**
 * A history file that cannot be read: the message names the file and line (and column when
 * known) and what was expected there, so a person can fix the file. Exit code 64.
 */
export class HistoryFormatError extends Error {
  readonly exitCode = 64;
  override name = "HistoryFormatError";
  readonly file: string;
  readonly line: number;

  constructor(
    where: { file: string; line: number; column?: number },
    expected: string,
    found?: string,
  ) {
    const position = where.column === undefined ? `${where.line}` : `${where.line}:${where.column}`;
    super(
      `${where.file}:${position}: expected ${expected}${found === undefined ? "" : `, found ${found}`}`,
    );
    this.file = where.file;
    this.line = where.line;
  }
}

/**
 * A short, printable excerpt of what was found: at most `lengthMax` characters, in quotes, with
 * everything outside printable ASCII escaped (a binary file must not put raw bytes on a terminal).
 */
export function excerpt(text: string, lengthMax = 40): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return "an empty line";
  return quotedPrintable(trimmed, lengthMax);
}

/**
 * `text` quoted as JSON with everything outside printable ASCII escaped, cut (with "...") so that
 * at most about `lengthMax` characters of it are shown.
 */
export function quotedPrintable(text: string, lengthMax = 40): string {
  let shown = "";
  for (let index = 0; index < text.length; index++) {
    if (shown.length >= lengthMax) return `"${shown}..."`;
    const char = text[index]!;
    const quoted = JSON.stringify(char).slice(1, -1);
    shown += /^[\x20-\x7e]+$/.test(quoted)
      ? quoted
      : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  }
  return `"${shown}"`;
}
