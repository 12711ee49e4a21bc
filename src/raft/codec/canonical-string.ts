/**
 * The engine's one shared copy of `text` (an internalized string). Two such strings compare
 * equal by identity; a node id built at run time (`n${index}`) or decoded from a message is a
 * copy of its own, and comparing two copies goes through the engine's slow string comparison,
 * which node ids meet on every message (the sender, the addressee, the leader). A property key is
 * always internalized, so the key of a one-property object is the shared copy.
 */
export function canonicalString(text: string): string {
  const keys = Object.keys({ [text]: true });
  return keys[0] as string;
}
