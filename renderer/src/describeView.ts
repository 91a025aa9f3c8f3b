import type { DescribeView, Detail, LineView, ReadView } from '../../electron/common/ipc.js';
import type { Bridge } from './bridge.js';
import { copyText } from './clipboard.js';
import { byId, el } from './dom.js';
import { type LineGroup, LineDocument } from './lineDocument.js';
import type { Presenter } from './presenter.js';
import type { StatusLine } from './status.js';
import type { WorkTracker } from './work.js';

/** Splits OCR lines into the reading-order blocks (columns, panels) the core found. */
function textGroups(lines: readonly LineView[]): LineGroup[] {
  const blocks = new Map<number, string[]>();
  for (const line of lines) {
    const list = blocks.get(line.block) ?? [];
    list.push(line.text);
    blocks.set(line.block, list);
  }
  const many = blocks.size > 1;
  return [...blocks.values()].map((texts, i) => ({ label: many ? `Text, part ${i + 1} of ${blocks.size}` : 'Text', lines: texts }));
}

function plainLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/**
 * The Describe view: the current result, whatever produced it (screen, photo, camera), as caption,
 * note, and a line-by-line document; plus describing or reading the screen.
 */
export class DescribeViewPanel {
  private readonly empty = byId('describe-empty');
  private readonly result = byId('describe-result');
  private readonly source = byId('result-source');
  private readonly note = byId('result-note');
  private readonly caption = byId('result-caption');
  private readonly captionHeading = byId('caption-heading');
  private readonly warnings = byId('result-warnings');
  private readonly meta = byId('result-meta');
  private readonly detail = byId('detail-select', HTMLSelectElement);
  private readonly document: LineDocument;
  private spoken = '';

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    private readonly presenter: Presenter,
    private readonly status: StatusLine,
  ) {
    this.document = new LineDocument(byId('result-lines'), (text, what) => void this.copy(text, what));
    byId('describe-screen').addEventListener('click', () => void this.describeScreen());
    byId('read-screen').addEventListener('click', () => void this.readScreen());
    byId('copy-result').addEventListener('click', () => void this.copy(this.document.allText(), 'all'));
    byId('speak-result').addEventListener('click', () => {
      if (this.spoken) this.presenter.present('Speaking the result again.', this.spoken);
    });
  }

  get detailLevel(): Detail {
    return this.detail.value as Detail;
  }

  setDetail(detail: Detail): void {
    this.detail.value = detail;
  }

  async describeScreen(): Promise<void> {
    const view = await this.work.run('Describing the screen', 'screen', (requestId) =>
      this.bridge.call('describe-screen', { requestId, target: 'screen', detail: this.detailLevel }),
    );
    if (view) this.showDescription(view, 'Screen described.');
  }

  async readScreen(): Promise<void> {
    const view = await this.work.run('Reading the screen', 'read', (requestId) =>
      this.bridge.call('read-screen', { requestId, target: 'screen' }),
    );
    if (view) this.showRead(view);
  }

  /** Shows a description and delivers it: announced, and spoken unless in screen-reader mode. */
  showDescription(view: DescribeView, statusText: string): void {
    this.fill(view.source, view.caption, view.lines.length ? textGroups(view.lines) : [{ label: 'Description', lines: plainLines(view.description) }]);
    this.note.hidden = !view.mostlyText;
    this.note.textContent = view.mostlyText ? 'This image is mostly text, so its text is read rather than a scene described.' : '';
    this.warnings.replaceChildren(...view.warnings.map((w) => el('li', w)));
    this.warnings.hidden = view.warnings.length === 0;
    const total = view.timings.totalMs;
    this.meta.textContent = `${view.width} × ${view.height} pixels. Models: ${view.models.caption ?? 'no captioner'}, ${view.models.ocr}. Device: ${view.device}.${total !== undefined ? ` Took ${Math.round(total)} ms.` : ''}`;
    this.spoken = view.description || view.caption || view.text || 'Nothing recognised in this image.';
    this.presenter.present(statusText, this.spoken);
    for (const w of view.warnings) this.status.quiet(w);
  }

  showRead(view: ReadView): void {
    this.fill(view.source, '', textGroups(view.lines));
    this.note.hidden = true;
    this.warnings.hidden = true;
    this.meta.textContent = `${view.lines.length} lines.`;
    this.spoken = view.text || 'No text found.';
    this.presenter.present('Screen text read.', this.spoken);
  }

  private fill(source: string, caption: string, groups: readonly LineGroup[]): void {
    this.empty.hidden = true;
    this.result.hidden = false;
    this.source.textContent = source;
    this.caption.textContent = caption;
    this.caption.hidden = !caption;
    this.captionHeading.hidden = !caption;
    this.document.setGroups(caption ? [{ label: 'Caption', lines: [caption] }, ...groups] : groups);
  }

  private async copy(text: string, what: string): Promise<void> {
    if (!text) return;
    const ok = await copyText(text);
    if (!ok) this.status.error('Copying failed: the clipboard is not available.');
    else this.status.info(what === 'all' ? `Copied ${this.document.lineCount} lines.` : `Copied: ${text}`);
  }
}
