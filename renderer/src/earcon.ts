/** Short tones that mark the microphone going on and off, heard whatever speaks (Sightline or a screen reader). */
export type Earcon = 'start' | 'stop' | 'discard';

/** Start rises, stop falls, discard is low: frequencies in Hz, in order, each for TONE_SECONDS. */
const TONES: Readonly<Record<Earcon, readonly number[]>> = Object.freeze({
  start: [660, 880],
  stop: [880, 660],
  discard: [330, 262],
});
const TONE_SECONDS = 0.07;
const VOLUME = 0.15;

let context: AudioContext | null = null;

export function playEarcon(kind: Earcon): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume().catch(() => undefined);
    const gain = ctx.createGain();
    gain.gain.value = VOLUME;
    gain.connect(ctx.destination);
    const osc = ctx.createOscillator();
    osc.type = 'sine';
    const t0 = ctx.currentTime;
    TONES[kind].forEach((hz, i) => osc.frequency.setValueAtTime(hz, t0 + i * TONE_SECONDS));
    const end = t0 + TONES[kind].length * TONE_SECONDS;
    // A short fade-out avoids a click at the end.
    gain.gain.setValueAtTime(VOLUME, end - 0.02);
    gain.gain.linearRampToValueAtTime(0, end);
    osc.connect(gain);
    osc.start(t0);
    osc.stop(end);
    osc.addEventListener('ended', () => gain.disconnect(), { once: true });
  } catch {
    // No audio output: the spoken "Listening" and the visible indicator still say it.
  }
}
