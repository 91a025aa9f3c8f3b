import { SightlineError } from '../common/errors';
import { LIMITS } from '../common/limits';
import { printable } from '../common/printable';

/**
 * Text on its way to a speech engine. OCR and captions can hold anything: control characters, quotes,
 * backslashes, right-to-left marks, emoji. Nothing here makes text safe for a shell (no shell is ever used);
 * it makes it speakable, and makes it a valid literal for the one engine that parses it (festival's Scheme).
 */

/** Control and invisible formatting characters become spaces; whitespace runs collapse. */
export function normalizeForSpeech(text: string): string {
  const cleaned = text
    .normalize('NFC')
    // C0/C1 controls, bidi overrides and isolates, zero-width characters.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length > LIMITS.maxSpeakChars) {
    throw new SightlineError('bad-input', `text is ${cleaned.length} characters; the limit for speech is ${LIMITS.maxSpeakChars}`);
  }
  return cleaned;
}

/** Typographic characters with a plain-ASCII spoken equivalent. */
const ASCII_EQUIVALENTS: Readonly<Record<string, string>> = Object.freeze({
  '‘': "'", '’': "'", '‚': "'", '“': '"', '”': '"', '„': '"', '«': '"', '»': '"',
  '–': '-', '—': ' - ', '…': '...', '•': ',', '·': ',', '×': ' times ', '÷': ' divided by ',
  '€': ' euros ', '£': ' pounds ', '¥': ' yen ', '©': ' copyright ', '®': ' registered ', '™': ' trademark ',
  '°': ' degrees ', '±': ' plus or minus ', '½': ' one half ', '¼': ' one quarter ', '¾': ' three quarters ',
  'ß': 'ss', 'æ': 'ae', 'Æ': 'AE', 'ø': 'o', 'Ø': 'O', 'œ': 'oe', 'Œ': 'OE', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D',
  'þ': 'th', 'Þ': 'Th', 'ð': 'd', 'ı': 'i', '\u00a0': ' ',
});

/**
 * For engines that only take ASCII (festival's English voices; the `say` package writes stdin as ASCII):
 * accents are folded (é → e), known symbols are spelled, and anything else (CJK, emoji) is dropped rather than
 * sent as bytes the engine would misread. Returns '' when nothing speakable is left.
 */
export function transliterateToAscii(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKD')) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) out += ch;
    else if (ASCII_EQUIVALENTS[ch] !== undefined) out += ASCII_EQUIVALENTS[ch];
    else if (code >= 0x300 && code <= 0x36f) continue; // combining accents left by NFKD
    else out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * A Scheme string literal for festival's SIOD reader: backslash and double quote are the only characters with
 * meaning inside a string, and both are escaped, so the text can never close the string and run code.
 */
export function schemeStringLiteral(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Engine voice names come from settings files and the command line. They are passed as separate arguments (never
 * through a shell) but must not look like options or smuggle syntax: letters, digits and a few separators only.
 */
export function checkVoiceName(voice: string, pattern: RegExp): string {
  if (!pattern.test(voice)) throw new SightlineError('usage', `invalid voice name "${printable(voice.slice(0, 40))}"`);
  return voice;
}

export const MIN_RATE_WPM = 80;
export const MAX_RATE_WPM = 450;
export const DEFAULT_RATE_WPM = 180;

export function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < MIN_RATE_WPM || rate > MAX_RATE_WPM) {
    throw new SightlineError('usage', `rate must be ${MIN_RATE_WPM}–${MAX_RATE_WPM} words per minute, got ${rate}`);
  }
  return Math.round(rate);
}
