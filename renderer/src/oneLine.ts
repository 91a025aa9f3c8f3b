/** The longest announcement: one line a screen reader says in a breath; the full text is in the document. */
export const MAX_ANNOUNCEMENT_CHARS = 160;

/** Collapses line breaks and runs of spaces: announcements and status lines are one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Shortens text to at most `max` characters at a word boundary, ending with "…" when something was cut. */
export function clip(text: string, max: number): string {
  const flat = flatten(text);
  if (flat.length <= max) return flat;
  if (max <= 1) return '…';
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // Cutting at a word boundary reads better, unless that would throw away most of the room.
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** An announcement: one line of at most MAX_ANNOUNCEMENT_CHARS. */
export function oneLine(text: string, max = MAX_ANNOUNCEMENT_CHARS): string {
  return clip(text, max);
}

/** "red.png", "1 line of text", "42 lines of text". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Lower-cases the first letter unless the word looks like a name or an acronym ("An email" → "an email", "PDF" stays). */
export function lowerFirst(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Drops a final full stop so the text can continue a sentence. */
export function withoutStop(text: string): string {
  return text.replace(/[.]+$/, '');
}
