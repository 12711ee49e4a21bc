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

/** A short, printable excerpt of what was found. */
export function excerpt(text: string, lengthMax = 40): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return "an empty line";
  return JSON.stringify(trimmed.length > lengthMax ? `${trimmed.slice(0, lengthMax)}...` : trimmed);
}
