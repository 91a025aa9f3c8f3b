import { DEFAULT_SETTINGS, type EventMap, type ModelState, type Settings, type ShortcutAction } from '../../electron/common/ipc.js';
import type { Announcer } from './announcer.js';
import { type Bridge, errorMessage } from './bridge.js';
import { byId, el } from './dom.js';
import { ProgressThrottle, percent } from './progressThrottle.js';
import { LanguageSettings } from './languageSettings.js';
import { GLOBAL_SHORTCUT_LABELS } from './shortcutsTable.js';
import type { StatusLine } from './status.js';
import type { WorkTracker } from './work.js';

type FieldKind = 'select' | 'checkbox' | 'number';

/** The simple settings and how each form control holds its value. */
const FIELDS: Readonly<Partial<Record<keyof Settings, FieldKind>>> = Object.freeze({
  screenReader: 'select',
  speechEngine: 'select',
  voice: 'select',
  rate: 'number',
  verbosity: 'select',
  announce: 'select',
  theme: 'select',
  largeText: 'checkbox',
  pack: 'select',
  device: 'select',
});

const STATE_WORDS: Readonly<Record<ModelState['state'], string>> = Object.freeze({
  missing: 'not installed',
  verifying: 'being checked',
  ready: 'installed',
  loading: 'starting',
  loaded: 'ready',
  corrupt: 'damaged; download the models again',
  error: 'not working',
});

/** What each model does, as people say it: nobody asks for "vqa". */
const TASK_WORDS: Readonly<Record<ModelState['task'], string>> = Object.freeze({
  ocr: 'Reading text',
  caption: 'Describing pictures',
  vqa: 'Answering questions',
  transcribe: 'Understanding spoken questions',
});

const taskWords = (task: string) => TASK_WORDS[task as ModelState['task']] ?? task;

/** Model packs as people say them. */
const PACK_WORDS: Readonly<Record<string, string>> = Object.freeze({ default: 'standard', quality: 'high-quality', fixture: 'test' });
const packWords = (pack: string) => PACK_WORDS[pack] ?? `"${pack}"`;

/** The settings' names as they are spoken after a change ("Theme saved."), from the field's name. */
const FIELD_WORDS: Readonly<Partial<Record<keyof Settings, string>>> = Object.freeze({
  screenReader: 'Screen reader mode',
  speechEngine: 'Speech engine',
  voice: 'Voice',
  rate: 'Speech rate',
  verbosity: 'Detail',
  announce: 'Announcements',
  theme: 'Theme',
  largeText: 'Large text',
  pack: 'Models',
  device: 'Processor',
});

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The Settings view: every setting saved as soon as it changes, model status, and model download. */
export class SettingsViewPanel {
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly form = byId('settings-form', HTMLFormElement);
  private readonly modelList = byId('model-status');
  private readonly modelDetails = byId('model-details');
  private readonly readerNote = byId('screen-reader-note');
  private readonly downloadBar = byId('download-progress', HTMLProgressElement);
  private readonly downloadText = byId('download-text');
  private readonly listeners = new Set<(s: Settings) => void>();
  private readonly models = new Map<string, ModelState>();
  private readonly languages = new LanguageSettings();
  private downloadThrottle = new ProgressThrottle();
  private downloadId: string | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    private readonly status: StatusLine,
    private readonly announcer: Announcer,
  ) {
    this.buildShortcutFields();
    this.form.addEventListener('change', (e) => void this.onChange(e.target as HTMLElement));
    this.form.addEventListener('submit', (e) => e.preventDefault());
    byId('model-refresh').addEventListener('click', () => void this.refreshModels(true));
    byId('model-download').addEventListener('click', () => void this.download());
    byId('model-test').addEventListener('click', () => void this.testModels());
    bridge.on('model-state', (state) => this.setModel(state));
    bridge.on('download-progress', (e) => this.onDownload(e));
  }

  get current(): Settings {
    return this.settings;
  }

  /** A screen reader started or stopped: the mode in force changes with it when the choice is 'auto'. */
  screenReaderChanged(active: boolean, running: boolean | null): void {
    this.settings = Object.freeze({ ...this.settings, screenReaderMode: active });
    this.describeReaderMode(running);
    for (const listener of this.listeners) listener(this.settings);
  }

  private describeReaderMode(running: boolean | null): void {
    const s = this.settings;
    const detected = running ?? (s.screenReader === 'auto' ? s.screenReaderMode : null);
    const now = s.screenReaderMode ? 'Screen-reader mode is on: Sightline stays silent and your screen reader reads.' : 'Screen-reader mode is off: Sightline speaks.';
    const why = s.screenReader !== 'auto' ? ' You chose this.' : detected ? ' A screen reader is running.' : ' No screen reader is running.';
    this.readerNote.textContent = `${now}${why}`;
  }

  onSettings(listener: (s: Settings) => void): void {
    this.listeners.add(listener);
  }

  async load(): Promise<void> {
    try {
      this.apply(await this.bridge.call('get-settings', {}));
    } catch (err) {
      this.status.error(`Could not load settings, using defaults: ${errorMessage(err)}`);
      this.apply(DEFAULT_SETTINGS);
    }
    await Promise.all([this.loadVoices(), this.refreshModels(false)]);
  }

  private async loadVoices(): Promise<void> {
    const select = byId('set-voice', HTMLSelectElement);
    let voices: readonly string[] = [];
    try {
      voices = await this.bridge.call('list-voices', {});
    } catch {
      // No engine can list voices: the default voice stays the only choice.
    }
    select.replaceChildren(el('option', 'Default voice'), ...voices.map((v) => el('option', v)));
    (select.options[0] as HTMLOptionElement).value = '';
    for (const option of [...select.options].slice(1)) option.value = option.textContent ?? '';
    select.value = voices.includes(this.settings.voice) ? this.settings.voice : '';
    this.languages.setVoices(voices);
    this.languages.show(this.settings);
  }

  async refreshModels(announce: boolean): Promise<void> {
    try {
      const states = await this.bridge.call('model-status', {});
      this.models.clear();
      for (const s of states) this.models.set(s.task, s);
      this.renderModels();
      if (announce) this.status.info(this.modelSummary());
    } catch (err) {
      this.status.error(`Could not check models: ${errorMessage(err)}`);
    }
  }

  private modelSummary(): string {
    const states = [...this.models.values()];
    if (states.length === 0) return 'No model information.';
    return states.map((s) => `${taskWords(s.task)}: ${STATE_WORDS[s.state] ?? s.state}`).join('; ') + '.';
  }

  private setModel(state: ModelState): void {
    const before = this.models.get(state.task)?.state;
    this.models.set(state.task, state);
    this.renderModels();
    // Model state is worth hearing only when it settles (loaded, failed), not at every step.
    if (before !== state.state && ['loaded', 'corrupt', 'error', 'missing'].includes(state.state)) {
      this.announcer.announce(`${taskWords(state.task)}: ${STATE_WORDS[state.state]}.`);
    }
  }

  private renderModels(): void {
    this.modelList.replaceChildren(...[...this.models.values()].map((s) => el('li', `${taskWords(s.task)}: ${STATE_WORDS[s.state] ?? s.state}`)));
    // Model names, packs and file details are for developers: behind the "Details" disclosure.
    this.modelDetails.replaceChildren(...[...this.models.values()].map((s) => el('li', `${s.task}, pack ${s.pack}: ${s.state}${s.detail ? `, ${s.detail}` : ''}`)));
  }

  /** `sightline doctor` from Settings: each task loaded and run once, on the device it really uses. */
  private async testModels(): Promise<void> {
    const button = byId('model-test', HTMLButtonElement);
    const report = byId('model-test-report');
    button.disabled = true;
    report.replaceChildren(el('li', 'Testing the models. This takes a few seconds.'));
    this.status.info('Testing the models.');
    try {
      const result = await this.bridge.call('doctor', {});
      const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      report.replaceChildren(...result.tasks.map((t) => el('li', t.ok
        ? `${taskWords(t.task)}: works, on ${t.device === 'cpu' ? 'the processor' : `the graphics card (${t.device})`}; started in ${seconds(t.loadMs)}, answered in ${seconds(t.runMs)}.`
        : `${taskWords(t.task)}: does not work. ${t.output}`)));
      const problems = result.files.filter((f) => f.state !== 'ok');
      if (problems.length > 0) report.append(el('li', `${problems.length} model ${problems.length === 1 ? 'file is' : 'files are'} missing or damaged; download the models again.`));
      // Model ids, devices skipped and why, and file paths are for developers: behind the disclosure.
      byId('model-test-details').replaceChildren(
        ...result.tasks.map((t) => el('li', `${t.task}: ${t.model} on ${t.device ?? 'no device'}${t.skipped.map((s) => `; skipped ${s.device}: ${s.reason}`).join('')}; output: ${t.output}`)),
        ...problems.map((f) => el('li', `${f.model}/${f.path}: ${f.state}, ${f.reason}`)),
      );
      const working = result.tasks.filter((t) => t.ok).length;
      this.status.info(`Model test: ${working} of ${result.tasks.length} work${problems.length > 0 ? `; ${problems.length} files need downloading` : ''}.`);
    } catch (err) {
      report.replaceChildren(el('li', `The model test could not run: ${errorMessage(err)}`));
      this.status.error(`The model test could not run: ${errorMessage(err)}`);
    } finally {
      button.disabled = false;
    }
  }

  private async download(): Promise<void> {
    const pack = this.settings.pack;
    this.downloadThrottle = new ProgressThrottle();
    this.downloadBar.value = 0;
    this.downloadText.textContent = `Starting the download of the ${packWords(pack)} models.`;
    const result = await this.work.run(`Downloading the ${packWords(pack)} models`, 'fetch', (requestId) => {
      this.downloadId = requestId;
      return this.bridge.call('fetch-models', { requestId, pack });
    });
    this.downloadId = null;
    if (result.ok) {
      this.downloadBar.value = 1;
      this.downloadText.textContent = `The ${packWords(pack)} models are installed.`;
      this.status.info(`The ${packWords(pack)} models are installed.`);
    } else {
      this.downloadText.textContent = 'The download did not finish.';
    }
    await this.refreshModels(false);
  }

  private onDownload(e: EventMap['download-progress']): void {
    if (e.requestId !== this.downloadId) return;
    const fraction = e.totalBytes > 0 ? e.receivedBytes / e.totalBytes : null;
    if (fraction !== null) this.downloadBar.value = fraction;
    else this.downloadBar.removeAttribute('value');
    const eta = e.etaSeconds === null ? '' : `, about ${Math.max(1, Math.round(e.etaSeconds))} s left`;
    const text = `${e.file}: ${megabytes(e.receivedBytes)} of ${megabytes(e.totalBytes)} (${fraction === null ? '?' : percent(fraction)}), ${megabytes(e.bytesPerSecond)} per second${eta}`;
    this.downloadText.textContent = text;
    if (this.downloadThrottle.shouldAnnounce(fraction)) this.status.info(`Downloading: ${fraction === null ? megabytes(e.receivedBytes) : percent(fraction)}${eta}.`);
  }

  private buildShortcutFields(): void {
    const fieldset = byId('shortcut-fields');
    for (const action of Object.keys(GLOBAL_SHORTCUT_LABELS) as ShortcutAction[]) {
      const id = `set-shortcut-${action}`;
      const label = el('label', GLOBAL_SHORTCUT_LABELS[action]);
      label.htmlFor = id;
      const input = el('input');
      input.type = 'text';
      input.id = id;
      input.name = `shortcut:${action}`;
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.setAttribute('aria-describedby', 'shortcut-hint');
      fieldset.append(label, input);
    }
  }

  private apply(settings: Settings): void {
    this.settings = settings;
    for (const [name, kind] of Object.entries(FIELDS) as [keyof Settings, FieldKind][]) {
      const control = this.form.elements.namedItem(name);
      if (kind === 'checkbox' && control instanceof HTMLInputElement) control.checked = Boolean(settings[name]);
      else if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) control.value = String(settings[name]);
    }
    for (const action of Object.keys(GLOBAL_SHORTCUT_LABELS) as ShortcutAction[]) {
      byId(`set-shortcut-${action}`, HTMLInputElement).value = settings.shortcuts[action] ?? '';
    }
    this.languages.show(settings);
    this.describeReaderMode(null);
    for (const listener of this.listeners) listener(settings);
  }

  private patchFor(target: HTMLElement): Partial<Settings> | string | null {
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return null;
    const languages = this.languages.patchFor(target, this.settings);
    if (languages !== null) return languages;
    if (target.name.startsWith('shortcut:')) {
      const action = target.name.slice('shortcut:'.length) as ShortcutAction;
      return { shortcuts: { ...this.settings.shortcuts, [action]: target.value.trim() } };
    }
    const kind = FIELDS[target.name as keyof Settings];
    if (!kind) return null;
    if (kind === 'checkbox') return { [target.name]: (target as HTMLInputElement).checked };
    if (kind === 'number') {
      const value = Number(target.value);
      if (!Number.isFinite(value) || target.value.trim() === '') return null;
      return { [target.name]: value };
    }
    return { [target.name]: target.value };
  }

  private async onChange(target: HTMLElement): Promise<void> {
    const patch = this.patchFor(target);
    if (!patch) return;
    if (typeof patch === 'string') {
      this.status.error(patch);
      this.apply(this.settings);
      return;
    }
    try {
      this.apply(await this.bridge.call('set-settings', { patch }));
      const field = (target as HTMLInputElement | HTMLSelectElement).name;
      const name = field.startsWith('shortcut:') ? 'Shortcut' : LanguageSettings.fieldWords(field) ?? FIELD_WORDS[field as keyof Settings] ?? 'Setting';
      this.status.info(`${name} saved.`);
    } catch (err) {
      this.status.error(`Setting not saved: ${errorMessage(err)}`);
      this.apply(this.settings); // put the control back to the value actually in force
    }
  }
}
