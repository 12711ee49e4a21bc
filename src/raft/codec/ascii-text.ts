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
  for (let position = start; position < end; position += 8) {
    text += upToEightCharacters(bytes, position, Math.min(8, end - position));
  }
  return text;
}

/**
 * One to eight characters in one call. Each case reads only its own bytes: a read past the end
 * of a typed array would deoptimize this function. (Reads written out: a helper closure was
 * allocated at every call.)
 */
function upToEightCharacters(bytes: Uint8Array, at: number, count: number): string {
  const spell = String.fromCharCode;
  switch (count) {
    case 1:
      return spell(bytes[at]!);
    case 2:
      return spell(bytes[at]!, bytes[at + 1]!);
    case 3:
      return spell(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!);
    case 4:
      return spell(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    case 5:
      return spell(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!, bytes[at + 4]!);
    case 6:
      return spell(
        bytes[at]!,
        bytes[at + 1]!,
        bytes[at + 2]!,
        bytes[at + 3]!,
        bytes[at + 4]!,
        bytes[at + 5]!,
      );
    case 7:
      return spell(
        bytes[at]!,
        bytes[at + 1]!,
        bytes[at + 2]!,
        bytes[at + 3]!,
        bytes[at + 4]!,
        bytes[at + 5]!,
        bytes[at + 6]!,
      );
    default:
      return spell(
        bytes[at]!,
        bytes[at + 1]!,
        bytes[at + 2]!,
        bytes[at + 3]!,
        bytes[at + 4]!,
        bytes[at + 5]!,
        bytes[at + 6]!,
        bytes[at + 7]!,
      );
  }
}

/** ASCII strings this short are interned: see `internedAscii`. */
export const internedBytesMax = 4;
/** Slots of the intern cache (a power of two). */
const internSlots = 256;
const internedKeys = new Int32Array(internSlots).fill(-1);
const internedTexts: string[] = new Array<string>(internSlots).fill("");

/**
 * Heartbeats carry a read round's context, commands a client id and a key: decoding each as a
 * fresh string cost an allocation, and a hash computation and a character-by-character
 * comparison at its Map lookup. Short ASCII strings (at most `internedBytesMax` bytes) are kept
 * in a small direct-mapped cache keyed by their bytes (7 bits each, plus the length: under 2^31
 * for four bytes); a string whose slot holds another one replaces it. Returns null for a string that is not ASCII (the strict
 * decoder judges it). Node ids have a cache of their own: see node-ids.ts.
 */
export function internedAscii(bytes: Uint8Array, start: number, end: number): string | null {
  let key = end - start;
  for (let position = start; position < end; position++) {
    const byte = bytes[position] as number;
    if (byte >= 0x80) return null;
    key = (key << 7) | byte;
  }
  const slot = (key ^ (key >>> 8) ^ (key >>> 16)) & (internSlots - 1);
  if (internedKeys[slot] === key) return internedTexts[slot] as string;
  const text = asciiText(bytes, start, end) as string;
  internedKeys[slot] = key;
  internedTexts[slot] = text;
  return text;
}
