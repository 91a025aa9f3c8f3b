/**
 * Documented input limits (README "Limits"). Each is checked before any expensive work starts.
 */
export const LIMITS = Object.freeze({
  /** Largest image accepted, in pixels (width × height): 8K UHD with headroom. Checked from the header, before decoding. */
  maxImagePixels: 40_000_000,
  /** Largest image file accepted, in bytes. */
  maxImageBytes: 200 * 1024 * 1024,
  /** Longest spoken question, in seconds. */
  maxAudioSeconds: 30,
  /** Largest audio file accepted, in bytes. */
  maxAudioBytes: 50 * 1024 * 1024,
  /** Longest text passed to a speech engine in one call, in characters. */
  maxSpeakChars: 20_000,
  /** Longest typed question, in characters. */
  maxQuestionChars: 500,
});
