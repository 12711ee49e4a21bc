/**
 * Node ids as the same string objects everywhere. Every message carries `from` and `to`, and the
 * core compares them with its own id and its peers and looks them up in Maps: two equal strings
 * that are different objects compare by content, while one object compares by identity. A host
 * registers its cluster's names with `canonicalNodeId` and builds its nodes from the strings it
 * returns; decoding `from` and `to` then hands back those very objects. Names up to four ASCII
 * bytes (the simulator's n1 to n99) are kept, in a direct-mapped cache of their own (so read
 * contexts, also short, never evict them); any other name decodes as a fresh string.
 */

const slotCount = 256;
const idBytesMax = 4;
const keys = new Int32Array(slotCount).fill(-1);
const texts: string[] = new Array<string>(slotCount).fill("");
/** Slots holding a registered name: an id decoded later never takes one over. */
const registered = new Uint8Array(slotCount);

/** The string to use for node `name`: the object decoding will return for it, when it can. */
export function canonicalNodeId(name: string): string {
  const key = keyOfText(name);
  if (key === null) return name;
  const slot = slotOf(key);
  if (keys[slot] === key) {
    registered[slot] = 1;
    return texts[slot] as string;
  }
  if (registered[slot] === 1) return name;
  keys[slot] = key;
  texts[slot] = name;
  registered[slot] = 1;
  return name;
}

/** The node id in `bytes[start, end)`, from the cache when it is short ASCII; else null. */
export function decodedNodeId(bytes: Uint8Array, start: number, end: number): string | null {
  if (end - start > idBytesMax) return null;
  let key = end - start;
  for (let position = start; position < end; position++) {
    const byte = bytes[position]!;
    if (byte >= 0x80) return null;
    key = (key << 7) | byte;
  }
  const slot = slotOf(key);
  if (keys[slot] === key) return texts[slot] as string;
  let text = "";
  for (let position = start; position < end; position++) {
    text += String.fromCharCode(bytes[position]!);
  }
  if (registered[slot] === 0) {
    keys[slot] = key;
    texts[slot] = text;
  }
  return text;
}

/** The length and 7 bits per byte: under 2^31 for four bytes. Null beyond four, or not ASCII. */
function keyOfText(text: string): number | null {
  if (text.length > idBytesMax) return null;
  let key = text.length;
  for (let position = 0; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code >= 0x80) return null;
    key = (key << 7) | code;
  }
  return key;
}

function slotOf(key: number): number {
  return (key ^ (key >>> 8) ^ (key >>> 16)) & (slotCount - 1);
}
