import { INPUT_LIMITS } from '../../common/ipc';

/**
 * Documented input limits (README "Limits"). Each is checked before any expensive work starts.
 */
export const LIMITS = Object.freeze({
  /** Largest image accepted, in pixels (width × height): 8K UHD with headroom. Checked from the header, before decoding. */
  maxImagePixels: 40_000_000,
  /** Longest image side, in pixels: four 4K screens side by side. A 1 × 39,000,000 strip costs seconds to decode. */
  maxImageSide: 16_384,
  /** Most elongated image accepted (long side ÷ short side): a tall scrolling screenshot is about 10:1. */
  maxImageAspect: 32,
  /** Largest image file accepted, in bytes (the page checks it too, so it lives in the shared contract). */
  maxImageBytes: INPUT_LIMITS.maxImageBytes,
  /** Longest spoken question, in seconds. */
  maxAudioSeconds: INPUT_LIMITS.maxAudioSeconds,
  /** Largest audio file accepted, in bytes. */
  maxAudioBytes: 50 * 1024 * 1024,
  /** Longest text passed to a speech engine in one call, in characters. */
  maxSpeakChars: 20_000,
  /** Longest typed question, in characters. */
  maxQuestionChars: INPUT_LIMITS.maxQuestionChars,
  /** Sample rate of spoken questions crossing the IPC bridge (mono Float32 PCM). */
  pcmSampleRate: 16_000,
  /** Images the app keeps for follow-up questions; the oldest is forgotten first. */
  maxStoredImages: 16,
  /** Encoded bytes the app keeps for follow-up questions, across all stored images. */
  maxStoredImageBytes: 256 * 1024 * 1024,
  /** Questions and answers remembered per image (the conversation so far). */
  maxConversationTurns: 20,
  /** History entries kept on disk; older ones are dropped first. */
  maxHistoryEntries: 500,
  /** Largest history file read at start; a bigger one is moved aside (kept for the user) and history starts empty. */
  maxHistoryFileBytes: 16 * 1024 * 1024,
  /** Largest settings file read at start; a bigger one is moved aside and the defaults are used. */
  maxSettingsFileBytes: 1024 * 1024,
});
