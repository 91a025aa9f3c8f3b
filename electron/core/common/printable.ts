/**
 * Input echoed back in a message (a file name, an argument, a voice name) can hold characters that break a log
 * line, reorder what is displayed (U+202E RIGHT-TO-LEFT OVERRIDE turns "gpj.exe" into "exe.jpg"), or hide
 * (zero-width characters). They are written as visible escapes; everything else, accents and scripts included,
 * is left as it is. Idempotent: escaped text has nothing left to escape.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const INVISIBLE_BUT_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = Object.freeze({ '\n': '\\n', '\r': '\\r', '\t': '\\t' });

const escape = (ch: string) => NAMED[ch] ?? `\\u{${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}}`;

/** One line, every control and invisible formatting character escaped. */
export function printable(text: string): string {
  return text.replace(INVISIBLE, escape);
}

/** As printable, but the message's own line breaks (and a progress bar's \r) stay: for terminal output. */
export function printableLines(text: string): string {
  return text.replace(INVISIBLE_BUT_LINES, escape);
}
