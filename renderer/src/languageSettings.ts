import type { Settings } from '../../electron/common/ipc.js';
import { MAX_READING_LANGUAGES, READING_LANGUAGES, primaryLanguage } from '../../electron/common/languages.js';
import { byId, el } from './dom.js';

const AUTO = 'reading:auto';
const READING = 'reading:';
const VOICE = 'langvoice:';

const nameOf = (code: string) => READING_LANGUAGES[code]?.name ?? code;

function listItem(child: HTMLElement): HTMLLIElement {
  const item = el('li');
  item.append(child);
  return item;
}

/** What "automatic" reads: the system's language (as the page knows it) and English. */
function automaticLanguages(): string[] {
  const system = primaryLanguage(navigator.language ?? '');
  return [...new Set([system && READING_LANGUAGES[system] ? system : 'en', 'en'])];
}

/** The languages in force: the chosen ones, or the automatic pair when none are chosen. */
const effective = (settings: Settings) => (settings.readingLanguages.length > 0 ? [...settings.readingLanguages] : automaticLanguages());

/**
 * The languages part of Settings: which languages Sightline reads (automatic, or up to MAX_READING_LANGUAGES
 * chosen ones) and, for each, the voice that speaks it ("automatic" lets the engine pick one of that language).
 * Plain checkboxes and selects, so every screen reader announces them as they are.
 */
export class LanguageSettings {
  private readonly list = byId('reading-language-list');
  private readonly voiceFields = byId('language-voice-fields');
  private voices: readonly string[] = [];
  /** What the voice fields were built for (languages and voice list): unchanged, they are only set, not rebuilt. */
  private builtFor: { languages: string; voices: readonly string[] } | null = null;

  constructor() {
    const auto = el('label', undefined, 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.name = AUTO;
    box.id = 'set-reading-auto';
    auto.append(box, el('span', 'Automatic: the system’s language and English'));
    const items = Object.values(READING_LANGUAGES).map((language) => {
      const label = el('label', undefined, 'check');
      const input = el('input');
      input.type = 'checkbox';
      input.name = `${READING}${language.code}`;
      input.id = `set-reading-${language.code}`;
      input.setAttribute('aria-describedby', 'reading-language-hint');
      // One text node for the flex label: the name, then the language's own name marked with its language.
      const text = el('span', language.name);
      if (language.endonym !== language.name) {
        const endonym = el('span', language.endonym);
        endonym.lang = language.code;
        text.append(' (', endonym, ')');
      }
      label.append(input, text);
      return listItem(label);
    });
    this.list.replaceChildren(listItem(auto), ...items);
  }

  setVoices(voices: readonly string[]): void {
    this.voices = voices;
  }

  /** Puts the controls to the settings in force. */
  show(settings: Settings): void {
    const chosen = effective(settings);
    byId('set-reading-auto', HTMLInputElement).checked = settings.readingLanguages.length === 0;
    for (const code of Object.keys(READING_LANGUAGES)) byId(`set-reading-${code}`, HTMLInputElement).checked = chosen.includes(code);
    // Rebuilding would drop focus from the field just changed and refill every list (thousands of voices).
    const languages = chosen.join(',');
    if (this.builtFor?.languages !== languages || this.builtFor.voices !== this.voices) {
      this.voiceFields.replaceChildren(...chosen.flatMap((code) => this.voiceField(code, settings.languageVoices[code] ?? '')));
      this.builtFor = { languages, voices: this.voices };
      return;
    }
    for (const code of chosen) {
      const select = byId(`set-langvoice-${code}`, HTMLSelectElement);
      const voice = settings.languageVoices[code] ?? '';
      // A saved voice the list lacks (the engine lists none) still shows.
      if (voice && ![...select.options].some((o) => o.value === voice)) select.append(Object.assign(el('option', voice), { value: voice }));
      select.value = voice;
    }
  }

  private voiceField(code: string, voice: string): HTMLElement[] {
    const id = `set-langvoice-${code}`;
    const label = el('label', `Voice for ${nameOf(code)}`);
    label.htmlFor = id;
    const select = el('select');
    select.id = id;
    select.name = `${VOICE}${code}`;
    const automatic = el('option', `Automatic: ${/^[AEIOU]/.test(nameOf(code)) ? 'an' : 'a'} ${nameOf(code)} voice if the engine has one`);
    automatic.value = '';
    const options = [...new Set([...this.voices, ...(voice ? [voice] : [])])].map((v) => {
      const option = el('option', v);
      option.value = v;
      return option;
    });
    select.append(automatic, ...options);
    select.value = voice;
    return [label, select];
  }

  /**
   * The settings patch a changed control asks for; null when the control is not one of these; a string when the
   * change cannot be made (it says why).
   */
  patchFor(target: HTMLInputElement | HTMLSelectElement, settings: Settings): Partial<Settings> | string | null {
    if (target.name === AUTO) {
      return { readingLanguages: (target as HTMLInputElement).checked ? [] : automaticLanguages() };
    }
    if (target.name.startsWith(READING)) {
      const code = target.name.slice(READING.length);
      const chosen = effective(settings).filter((c) => c !== code);
      if ((target as HTMLInputElement).checked) chosen.push(code);
      if (chosen.length > MAX_READING_LANGUAGES) return `Sightline reads up to ${MAX_READING_LANGUAGES} languages at once; clear one first.`;
      // No language left means automatic again.
      return { readingLanguages: chosen };
    }
    if (target.name.startsWith(VOICE)) {
      const code = target.name.slice(VOICE.length);
      const voices: Record<string, string> = { ...settings.languageVoices };
      if (target.value) voices[code] = target.value;
      else delete voices[code];
      return { languageVoices: voices };
    }
    return null;
  }

  /** What the status line says after a save ("Voice for German saved."). */
  static fieldWords(name: string): string | null {
    if (name.startsWith(READING)) return 'Reading languages';
    if (name.startsWith(VOICE)) return `Voice for ${nameOf(name.slice(VOICE.length))}`;
    return null;
  }
}
