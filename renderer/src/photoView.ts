import type { Detail, EncodedImage } from '../../electron/common/ipc.js';
import type { Bridge } from './bridge.js';
import { errorMessage } from './bridge.js';
import type { ConversationPanel } from './conversation.js';
import { byId } from './dom.js';
import type { FocusKeeper } from './focus.js';
import { imageFileProblem } from './imageLimits.js';
import type { StatusLine } from './status.js';
import type { WorkTracker } from './work.js';

/**
 * The Photo view: opening an image (file dialog, drag-and-drop, paste), and its conversation right below — the
 * description first, then questions and answers, asked right there.
 */
export class PhotoViewPanel {
  private readonly input = byId('photo-input', HTMLInputElement);
  private readonly describeButton = byId('describe-photo', HTMLButtonElement);
  private readonly figure = byId('photo-figure');
  private readonly image = byId('photo-image', HTMLImageElement);
  private current: EncodedImage | null = null;
  private objectUrl: string | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    private readonly status: StatusLine,
    private readonly focus: FocusKeeper,
    readonly panel: ConversationPanel,
    private readonly detail: () => Detail,
    private readonly showView: () => void,
  ) {
    byId('open-photo').addEventListener('click', () => void this.openPicker());
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      if (file) void this.openFile(file);
      this.input.value = '';
    });
    this.describeButton.addEventListener('click', () => void this.describeCurrent());
    this.wireDrop(document.body);
    document.addEventListener('paste', (e) => this.onPaste(e));
  }

  get hasImage(): boolean {
    return this.current !== null;
  }

  /** Control+O and "Open photo…": the app's own file dialog in Electron, the page's file chooser elsewhere. */
  async openPicker(): Promise<void> {
    this.showView();
    this.focus.moveTo(byId('photo-heading'));
    let picked: EncodedImage | null;
    try {
      picked = await this.bridge.call('open-image-dialog', {});
    } catch (err) {
      if (/no file dialog here/.test(errorMessage(err))) this.input.click();
      else this.status.error(`Could not open the photo: ${errorMessage(err)}`);
      return;
    }
    if (picked) await this.openImage(picked, mimeOf(picked.name));
  }

  async openFile(file: File): Promise<void> {
    const name = file.name || 'pasted image';
    // Checked before a byte is read: a huge file is refused at once, never loaded into memory or sent.
    const problem = imageFileProblem(name, file.size);
    if (problem) {
      this.showView();
      this.status.error(problem);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    await this.openImage({ name, bytes }, file.type || mimeOf(name));
  }

  async openImage(image: EncodedImage, mime: string): Promise<void> {
    this.showView();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: mime }));
    this.current = image;
    this.image.src = this.objectUrl;
    // The description follows in the conversation below; the picture's text alternative points there, once.
    this.image.alt = `Photo ${image.name}, described below`;
    this.figure.hidden = false;
    this.describeButton.disabled = false;
    await this.describeCurrent();
  }

  async describeCurrent(): Promise<void> {
    const image = this.current;
    if (!image) {
      this.status.error('Open a photo first.');
      return;
    }
    this.showView();
    this.panel.beginWork(`Describing ${image.name}…`);
    const outcome = await this.work.run(`Describing ${image.name}`, 'photo', (requestId) =>
      this.bridge.call('describe-image', { requestId, image, detail: this.detail() }),
    );
    if (this.current !== image) return;
    this.panel.endWork(outcome);
    if (outcome.ok) this.panel.show({ kind: 'describe', view: outcome.value }, { focus: true, deliver: true });
  }

  private wireDrop(zone: HTMLElement): void {
    const dropArea = byId('drop-zone');
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      dropArea.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => dropArea.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      dropArea.classList.remove('dragging');
      const file = [...(e.dataTransfer?.files ?? [])][0];
      if (file) void this.openFile(file);
      else this.status.error('Nothing to open: drop an image file.');
    });
  }

  private onPaste(e: ClipboardEvent): void {
    const target = e.target as HTMLElement | null;
    // Pasting text into a field stays ordinary pasting.
    if (target && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    e.preventDefault();
    void this.openFile(file);
  }
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = Object.freeze({
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp',
  tif: 'image/tiff', tiff: 'image/tiff', avif: 'image/avif', heic: 'image/heic', svg: 'image/svg+xml',
});

function mimeOf(name: string): string {
  return MIME_BY_EXTENSION[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
