/**
 * Real time driving `tick()`: one tick every `tickMs / rate` milliseconds. After the process was
 * stopped (SIGSTOP) the timer fires once, not once per missed tick, as a paused simulated node
 * resumes without a burst of ticks.
 */
export class TickTimer {
  private timer: NodeJS.Timeout | null = null;
  private rate: number;

  constructor(private readonly options: { tickMs: number; rate: number; onTick: () => void }) {
    assertRate(options.rate);
    this.rate = options.rate;
  }

  get intervalMs(): number {
    return this.options.tickMs / this.rate;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(this.options.onTick, this.intervalMs);
  }

  /** Clock skew: 2 = ticks twice as often. Takes effect at once when running. */
  setRate(rate: number): void {
    assertRate(rate);
    this.rate = rate;
    if (this.timer !== null) this.start();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

function assertRate(rate: number): void {
  if (!(rate > 0 && rate <= 100)) throw new Error(`a clock rate must be in (0, 100], got ${rate}`);
}
