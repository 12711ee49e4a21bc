/** Colour on a terminal unless NO_COLOR is set to anything (https://no-color.org). */
export function colorAllowed(): boolean {
  const noColor = process.env.NO_COLOR;
  return process.stdout.isTTY === true && (noColor === undefined || noColor === "");
}
