/** Longest question recorded, matching the core's documented limit (LIMITS.maxAudioSeconds). */
export const MAX_QUESTION_SECONDS = 30;
const SAMPLE_RATE = 16_000;
/** Shorter than this is a slip of the key, not a question. */
const MIN_SECONDS = 0.3;

/** Decodes recorded audio and returns it as 16 kHz mono samples, the rate Whisper expects. */
export async function toMono16k(encoded: ArrayBuffer): Promise<Float32Array> {
  // decodeAudioData resamples to its context's rate, so a 16 kHz context does the resampling.
  const decoded = await new OfflineAudioContext(1, 1, SAMPLE_RATE).decodeAudioData(encoded);
  const mono = new Float32Array(decoded.length);
  for (let c = 0; c < decoded.numberOfChannels; c++) {
    const channel = decoded.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0) / decoded.numberOfChannels;
  }
  return mono;
}

export class RecordingTooShort extends Error {}

/**
 * Records the microphone while the push-to-talk key is held (or between two presses of the button),
 * stopping by itself at the length limit.
 */
export class VoiceRecorder {
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private chunks: Blob[] = [];
  private startedAt = 0;
  private limitTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped: Promise<Blob> | null = null;

  constructor(private readonly onLimit: () => void) {}

  get recording(): boolean {
    return this.recorder !== null;
  }

  async start(): Promise<void> {
    if (this.recorder) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true },
    });
    const recorder = new MediaRecorder(stream);
    this.chunks = [];
    recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
    });
    this.stopped = new Promise((resolve) => {
      recorder.addEventListener('stop', () => resolve(new Blob(this.chunks, { type: recorder.mimeType })), { once: true });
    });
    this.stream = stream;
    this.recorder = recorder;
    this.startedAt = performance.now();
    recorder.start(250);
    this.limitTimer = setTimeout(this.onLimit, MAX_QUESTION_SECONDS * 1000);
  }

  /** Stops and returns the question as 16 kHz mono PCM. */
  async stop(): Promise<Float32Array> {
    const recorder = this.recorder;
    const stopped = this.stopped;
    if (!recorder || !stopped) throw new RecordingTooShort('not recording');
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.release();
    recorder.stop();
    const blob = await stopped;
    if (seconds < MIN_SECONDS || blob.size === 0) throw new RecordingTooShort(`${seconds.toFixed(1)} s`);
    const pcm = await toMono16k(await blob.arrayBuffer());
    return pcm.length > MAX_QUESTION_SECONDS * SAMPLE_RATE ? pcm.slice(0, MAX_QUESTION_SECONDS * SAMPLE_RATE) : pcm;
  }

  cancel(): void {
    const recorder = this.recorder;
    this.release();
    if (recorder && recorder.state !== 'inactive') recorder.stop();
  }

  private release(): void {
    clearTimeout(this.limitTimer);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.recorder = null;
  }
}
