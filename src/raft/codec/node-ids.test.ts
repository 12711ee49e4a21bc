import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage } from "./message-codec.js";
import { canonicalNodeId } from "./node-ids.js";

/** A string equal to `text` but a different object (built at run time). */
function copyOf(text: string): string {
  return [...text].join("");
}

describe("canonical node ids", () => {
  it("decodes a registered name as the very object registered", () => {
    const registered = canonicalNodeId(copyOf("q7"));
    const other = canonicalNodeId(copyOf("q8"));
    const bytes = encodeMessage({
      type: "heartbeat-response",
      from: copyOf("q7"),
      to: copyOf("q8"),
      term: 3,
      context: "",
    });
    const message = decodeMessage(bytes);
    expect(Object.is(message.from, registered)).toBe(true);
    expect(Object.is(message.to, other)).toBe(true);
  });

  it("hands back the same object for a name registered again", () => {
    const first = canonicalNodeId(copyOf("z1"));
    expect(Object.is(canonicalNodeId(copyOf("z1")), first)).toBe(true);
  });

  it("leaves long and non-ASCII names as given, and decodes them equal", () => {
    const long = copyOf("node-one");
    expect(Object.is(canonicalNodeId(long), long)).toBe(true);
    const accented = copyOf("né");
    expect(Object.is(canonicalNodeId(accented), accented)).toBe(true);
    const message = decodeMessage(
      encodeMessage({ type: "heartbeat-response", from: long, to: accented, term: 1, context: "" }),
    );
    expect(message.from).toBe("node-one");
    expect(message.to).toBe("né");
  });
});
