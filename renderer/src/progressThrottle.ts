/**
 * Decides which progress updates are worth saying aloud: one at each quarter of the work, or one every few
 * seconds when progress is unknown or slow. Announcing every tick would drown the screen reader.
 */
export class ProgressThrottle {
  private lastStep = 0;
  private lastAt: number;

  constructor(
    private readonly stepFraction = 0.25,
    private readonly intervalMs = 3000,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.lastAt = now();
  }

  shouldAnnounce(fraction: number | null): boolean {
    const at = this.now();
    if (fraction !== null && Number.isFinite(fraction)) {
      const step = Math.floor(Math.min(Math.max(fraction, 0), 1) / this.stepFraction + 1e-9);
      if (step > this.lastStep) {
        this.lastStep = step;
        this.lastAt = at;
        return true;
      }
    }
    if (at - this.lastAt >= this.intervalMs) {
      this.lastAt = at;
      return true;
    }
    return false;
  }
}

export function percent(fraction: number): string {
  return `${Math.round(Math.min(Math.max(fraction, 0), 1) * 100)} %`;
}
