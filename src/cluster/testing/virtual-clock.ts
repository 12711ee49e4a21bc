import type { ClusterClock } from "../types.js";

/**
 * A virtual clock for tests: `sleep` resolves in virtual-time order (ties in call order), one
 * sleeper per turn of the event loop, so every continuation settles before time moves on — the
 * same discipline as the simulator's. Time jumps straight to the next sleeper's wake-up.
 */
export class VirtualClock implements ClusterClock {
  private nowMs = 0;
  private sequence = 0;
  private readonly sleepers: { atMs: number; sequence: number; wake: () => void }[] = [];
  private turnScheduled = false;

  now(): number {
    return this.nowMs;
  }

  sleep(durationMs: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({
        atMs: this.nowMs + Math.max(0, durationMs),
        sequence: this.sequence,
        wake,
      });
      this.sequence += 1;
      this.scheduleTurn();
    });
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.turnScheduled = false;
    this.sleepers.sort((a, b) => a.atMs - b.atMs || a.sequence - b.sequence);
    const next = this.sleepers.shift();
    if (next === undefined) return;
    this.nowMs = next.atMs;
    next.wake();
    if (this.sleepers.length > 0) this.scheduleTurn();
  }
}
