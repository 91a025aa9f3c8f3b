/**
 * Scene-change detection for the camera's auto mode. Frames are reduced to a small grey thumbnail, and a
 * new description is asked for when the picture differs enough from the last described one and has held
 * still for a moment (so a moving hand does not trigger a stream of descriptions).
 */

/** Packs RGBA pixels into one luma byte per pixel. */
export function lumaSignature(rgba: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.floor(rgba.length / 4));
  for (let i = 0; i < out.length; i++) {
    const o = i * 4;
    out[i] = Math.round(0.299 * (rgba[o] ?? 0) + 0.587 * (rgba[o + 1] ?? 0) + 0.114 * (rgba[o + 2] ?? 0));
  }
  return out;
}

/** Mean absolute difference of two signatures, 0 (same) to 1 (black vs white everywhere). */
export function frameDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return 1;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / (a.length * 255);
}

export class SceneChangeDetector {
  private described: Uint8Array | null = null;
  private previous: Uint8Array | null = null;

  constructor(
    /** How different from the last described frame a scene must be to count as new. */
    private readonly changeThreshold = 0.08,
    /** How little two consecutive frames may differ for the scene to count as settled. */
    private readonly settleThreshold = 0.03,
  ) {}

  /** Feeds one sampled frame; true when this frame should be described. */
  observe(signature: Uint8Array): boolean {
    const settled = this.previous !== null && frameDifference(this.previous, signature) <= this.settleThreshold;
    this.previous = signature;
    if (!settled) return false;
    return this.described === null || frameDifference(this.described, signature) > this.changeThreshold;
  }

  markDescribed(signature: Uint8Array): void {
    this.described = signature;
  }

  reset(): void {
    this.described = null;
    this.previous = null;
  }
}
