import type { Detail } from '../../electron/common/ipc.js';
import type { Bridge } from './bridge.js';
import type { ConversationPanel } from './conversation.js';
import { deviceProblem, type Platform } from './deviceHelp.js';
import { byId } from './dom.js';
import { lumaSignature, SceneChangeDetector } from './frameDiff.js';
import type { StatusLine } from './status.js';
import type { WorkTracker } from './work.js';

/** How often auto mode looks at the camera, and the thumbnail it compares. */
const SAMPLE_INTERVAL_MS = 1000;
const THUMB_WIDTH = 64;
const THUMB_HEIGHT = 48;

/**
 * The Camera view: a live preview, "Describe now", and an auto mode that describes the scene whenever it
 * changes and then holds still (frame differencing on a small grey thumbnail). Each picture described starts
 * its own conversation, shown below the preview.
 */
export class CameraViewPanel {
  private readonly toggle = byId('camera-toggle', HTMLButtonElement);
  private readonly describeButton = byId('camera-describe', HTMLButtonElement);
  private readonly auto = byId('camera-auto', HTMLInputElement);
  private readonly state = byId('camera-state');
  private readonly video = byId('camera-preview', HTMLVideoElement);
  private readonly detector = new SceneChangeDetector();
  private stream: MediaStream | null = null;
  private sampler: ReturnType<typeof setInterval> | undefined;
  private describing = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    private readonly status: StatusLine,
    readonly panel: ConversationPanel,
    private readonly detail: () => Detail,
    private readonly platform: () => Platform,
    private readonly showView: () => void,
  ) {
    this.toggle.addEventListener('click', () => void (this.stream ? this.stop() : this.start()));
    this.describeButton.addEventListener('click', () => void this.describeNow());
    this.auto.addEventListener('change', () => this.setAuto(this.auto.checked));
  }

  get running(): boolean {
    return this.stream !== null;
  }

  async start(): Promise<void> {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (err) {
      this.status.error(deviceProblem('camera', err, this.platform()));
      return;
    }
    this.video.srcObject = this.stream;
    this.video.hidden = false;
    await this.video.play().catch(() => undefined);
    this.toggle.textContent = 'Stop camera';
    this.toggle.setAttribute('aria-pressed', 'true');
    this.describeButton.disabled = false;
    this.auto.disabled = false;
    this.state.textContent = 'Camera is on.';
    this.status.info('Camera is on.');
  }

  stop(): void {
    this.setAuto(false);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
    this.toggle.textContent = 'Start camera';
    this.toggle.setAttribute('aria-pressed', 'false');
    this.describeButton.disabled = true;
    this.auto.checked = false;
    this.auto.disabled = true;
    this.state.textContent = 'Camera is off.';
    this.status.info('Camera is off.');
  }

  /**
   * Describes the current picture. Asked for by the user, focus goes to where the result appears; in auto mode
   * focus stays where the user is (a new scene must not pull them out of what they are reading).
   */
  async describeNow(options: { auto?: boolean } = {}): Promise<void> {
    if (!this.stream) {
      this.status.error('Start the camera first.');
      return;
    }
    const bytes = await this.grabFrame();
    if (!bytes) {
      this.status.error('The camera has no picture yet. Try again in a moment.');
      return;
    }
    const byUser = !options.auto;
    if (byUser) {
      this.showView();
      this.panel.beginWork('Describing the camera picture…');
    }
    this.describing = true;
    try {
      const outcome = await this.work.run('Describing the camera picture', 'camera', (requestId) =>
        this.bridge.call('describe-image', { requestId, image: { name: 'camera picture', bytes }, detail: this.detail() }),
      );
      if (byUser) this.panel.endWork(outcome);
      if (outcome.ok) this.panel.show({ kind: 'describe', view: outcome.value }, { focus: byUser, deliver: true });
    } finally {
      this.describing = false;
    }
  }

  private setAuto(on: boolean): void {
    clearInterval(this.sampler);
    this.sampler = undefined;
    this.detector.reset();
    if (on && this.stream) {
      this.sampler = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
      this.state.textContent = 'Camera is on. Describing automatically when the scene changes.';
      this.status.info('Auto describe on.');
    } else if (this.stream) {
      this.state.textContent = 'Camera is on.';
      if (!on) this.status.info('Auto describe off.');
    }
  }

  private async sample(): Promise<void> {
    if (this.describing || this.work.busy) return;
    const signature = this.thumbnail();
    if (!signature || !this.detector.observe(signature)) return;
    this.detector.markDescribed(signature);
    await this.describeNow({ auto: true });
  }

  private thumbnail(): Uint8Array | null {
    if (this.video.videoWidth === 0) return null;
    const canvas = new OffscreenCanvas(THUMB_WIDTH, THUMB_HEIGHT);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(this.video, 0, 0, THUMB_WIDTH, THUMB_HEIGHT);
    return lumaSignature(ctx.getImageData(0, 0, THUMB_WIDTH, THUMB_HEIGHT).data);
  }

  /** The current frame at full resolution, PNG-encoded so small text survives for OCR. */
  private async grabFrame(): Promise<Uint8Array | null> {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (width === 0 || height === 0) return null;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(this.video, 0, 0, width, height);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  }
}
