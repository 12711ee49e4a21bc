import { describe, expect, it } from "vitest";
import { editDistance, nearestName } from "./suggest.js";

describe("editDistance", () => {
  it("counts inserts, deletes, substitutions and swapped neighbours as one edit each", () => {
    expect(editDistance("timeout", "timeout")).toBe(0);
    expect(editDistance("timout", "timeout")).toBe(1);
    expect(editDistance("timeoutt", "timeout")).toBe(1);
    expect(editDistance("tameout", "timeout")).toBe(1);
    expect(editDistance("tiemout", "timeout")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("nearestName", () => {
  const keys = ["loseUnsynced", "tornWrite", "restartAfter", "target", "for", "from"];

  it("finds a key with one letter wrong, missing or swapped", () => {
    expect(nearestName("loseUnsyncd", keys)).toBe("loseUnsynced");
    expect(nearestName("tornWirte", keys)).toBe("tornWrite");
    expect(nearestName("targt", keys)).toBe("target");
    expect(nearestName("fro", keys)).toBe("for");
  });

  it("ignores case, hyphens and underscores", () => {
    expect(nearestName("restart_after", keys)).toBe("restartAfter");
    expect(nearestName("RESTART-AFTER", keys)).toBe("restartAfter");
  });

  it("suggests nothing when every candidate is far away", () => {
    expect(nearestName("bogus", keys)).toBeNull();
    expect(nearestName("x".repeat(200), keys)).toBeNull();
    expect(nearestName("target", [])).toBeNull();
  });

  it("prefers the closest of several near candidates", () => {
    expect(nearestName("fromm", keys)).toBe("from");
  });
});
