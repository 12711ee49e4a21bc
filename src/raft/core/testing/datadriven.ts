/**
 * The data-driven script format (after etcd's cockroachdb/datadriven): each case is optional
 * `#` comment lines, one command line, a `----` line, and the expected output lines up to a blank
 * line. Output never contains blank lines (an empty output is written as `ok`).
 */
export interface ScriptCase {
  comments: string[];
  command: string;
  expected: string[];
  /** 1-based line of the command, for messages. */
  line: number;
}

export function parseScript(text: string, fileName: string): ScriptCase[] {
  const lines = text.split("\n");
  const cases: ScriptCase[] = [];
  let position = 0;
  while (position < lines.length) {
    const comments: string[] = [];
    while (
      position < lines.length &&
      (lines[position]!.startsWith("#") || lines[position]!.trim() === "")
    ) {
      if (lines[position]!.startsWith("#")) comments.push(lines[position]!);
      position++;
    }
    if (position >= lines.length) break;
    const line = position + 1;
    const command = lines[position++]!;
    if (lines[position] !== "----")
      throw new Error(`${fileName}:${line + 1}: expected ---- after the command`);
    position++;
    const expected: string[] = [];
    while (position < lines.length && lines[position] !== "") expected.push(lines[position++]!);
    cases.push({ comments, command, expected, line });
  }
  return cases;
}

export function renderScript(
  cases: readonly { comments: string[]; command: string; output: string[] }[],
): string {
  const blocks = cases.map((scriptCase) => {
    const output = scriptCase.output.length === 0 ? ["ok"] : scriptCase.output;
    return [...scriptCase.comments, scriptCase.command, "----", ...output].join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
