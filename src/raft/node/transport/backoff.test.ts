import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff.js";
import { assertLoopbackHost, isLoopbackHost } from "./loopback.js";

describe("backoffDelayMs", () => {
  it("doubles from the initial delay and stays at the cap", () => {
    const options = { initialMs: 10, maxMs: 100 };
    const delays = [1, 2, 3, 4, 5, 6, 1000].map((failures) => backoffDelayMs(failures, options));
    expect(delays).toEqual([10, 20, 40, 80, 100, 100, 100]);
  });

  it("refuses a zero failure count and an inverted range", () => {
    expect(() => backoffDelayMs(0, { initialMs: 10, maxMs: 100 })).toThrow();
    expect(() => backoffDelayMs(1, { initialMs: 10, maxMs: 5 })).toThrow();
  });
});

describe("loopback addresses", () => {
  it("accepts 127.0.0.0/8 and nothing else", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("127.1.2.3")).toBe(true);
    expect(isLoopbackHost("0.0.0.0")).toBe(false);
    expect(isLoopbackHost("localhost")).toBe(false);
    expect(isLoopbackHost("127.0.0.256")).toBe(false);
    expect(() => assertLoopbackHost("10.0.0.1")).toThrow(/loopback only/);
  });
});
