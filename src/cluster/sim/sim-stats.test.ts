import { describe, expect, it } from "vitest";
import { messageTypes } from "../../raft/core/message-types.js";
import { SentCounts } from "./sim-stats.js";

describe("SentCounts", () => {
  it("counts messages and bytes under each message's own type", () => {
    const counts = new SentCounts();
    messageTypes.forEach((type, position) => {
      for (let message = 0; message <= position; message++) counts.count(type, 10 + position);
    });
    const expectedMessages = Object.fromEntries(messageTypes.map((type, at) => [type, at + 1]));
    const expectedBytes = Object.fromEntries(
      messageTypes.map((type, at) => [type, (at + 1) * (10 + at)]),
    );
    expect(counts.messagesByType()).toEqual(expectedMessages);
    expect(counts.bytesByType()).toEqual(expectedBytes);
  });
});
