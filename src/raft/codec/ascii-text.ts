/**
 * The string `bytes[start, end)` spells when every byte is ASCII, else null (the caller then
 * decodes it as UTF-8). Made by one `String.fromCharCode` call per eight bytes: appending one
 * character at a time built a new string for every character (V8 copies short concatenations
 * into flat strings), and short strings — keys, values, client ids — are decoded for every
 * command and client frame.
 */
export function asciiText(bytes: Uint8Array, start: number, end: number): string | null {
  for (let position = start; position < end; position++) {
    if ((bytes[position] as number) >= 0x80) return null;
  }
  let text = "";
  let position = start;
  for (; position + 8 <= end; position += 8) text += eightCharacters(bytes, position);
  return position === end ? text : text + fewCharacters(bytes, position, end - position);
}

function eightCharacters(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(
    bytes[at] as number,
    bytes[at + 1] as number,
    bytes[at + 2] as number,
    bytes[at + 3] as number,
    bytes[at + 4] as number,
    bytes[at + 5] as number,
    bytes[at + 6] as number,
    bytes[at + 7] as number,
  );
}

/**
 * One to seven characters, in one call. Each case reads only its own bytes: a read past the end
 * of a typed array would deoptimize this function.
 */
function fewCharacters(bytes: Uint8Array, at: number, count: number): string {
  const spell = String.fromCharCode;
  switch (count) {
    case 1:
      return spell(bytes[at] as number);
    case 2:
      return spell(bytes[at] as number, bytes[at + 1] as number);
    case 3:
      return spell(bytes[at] as number, bytes[at + 1] as number, bytes[at + 2] as number);
    case 4:
      return spell(
        bytes[at] as number,
        bytes[at + 1] as number,
        bytes[at + 2] as number,
        bytes[at + 3] as number,
      );
    case 5:
      return spell(
        bytes[at] as number,
        bytes[at + 1] as number,
        bytes[at + 2] as number,
        bytes[at + 3] as number,
        bytes[at + 4] as number,
      );
    case 6:
      return spell(
        bytes[at] as number,
        bytes[at + 1] as number,
        bytes[at + 2] as number,
        bytes[at + 3] as number,
        bytes[at + 4] as number,
        bytes[at + 5] as number,
      );
    default:
      return spell(
        bytes[at] as number,
        bytes[at + 1] as number,
        bytes[at + 2] as number,
        bytes[at + 3] as number,
        bytes[at + 4] as number,
        bytes[at + 5] as number,
        bytes[at + 6] as number,
      );
  }
}
