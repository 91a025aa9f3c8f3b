/**
 * What to say when the microphone or camera cannot be used: what went wrong and how to fix it on this computer,
 * in one line the user can act on ("Permission denied" alone helps nobody). Pure, so it is tested under Node.
 */

export type Device = 'microphone' | 'camera';
export type Platform = 'windows' | 'mac' | 'linux' | 'browser';

/** Where the operating system keeps the switch for each device. */
const GRANT: Readonly<Record<Platform, (device: Device) => string>> = Object.freeze({
  windows: (d: Device) => `Open Start, Settings, Privacy & security, ${d === 'camera' ? 'Camera' : 'Microphone'}, and turn on access for desktop apps`,
  mac: (d: Device) => `Open System Settings, Privacy & Security, ${d === 'camera' ? 'Camera' : 'Microphone'}, and turn on Sightline`,
  linux: (d: Device) => `Check that the ${d} is plugged in and not muted, and allow it in your desktop's Privacy settings (in GNOME: Settings, Privacy, ${d === 'camera' ? 'Camera' : 'Microphone'})`,
  browser: (d: Device) => `Allow the ${d} for this page in the browser (the icon at the left of the address bar), then try again`,
});

/** DOMException names from getUserMedia and what they mean for the user. */
const CAUSES: Readonly<Record<string, (device: Device, platform: Platform) => string>> = Object.freeze({
  NotAllowedError: (d: Device, p: Platform) => `Sightline may not use the ${d}. ${GRANT[p](d)}.`,
  SecurityError: (d: Device, p: Platform) => `Sightline may not use the ${d}. ${GRANT[p](d)}.`,
  NotFoundError: (d: Device) => `No ${d} was found. Connect one, then try again.`,
  OverconstrainedError: (d: Device) => `No ${d} was found that Sightline can use. Connect another one, then try again.`,
  NotReadableError: (d: Device) => `The ${d} is busy or failed to start. Close other programs that use it, then try again.`,
  AbortError: (d: Device) => `The ${d} failed to start. Try again.`,
});

/** Which platform's instructions apply, from the user agent; a page outside the app gets the browser's. */
export function platformOf(userAgent: string, inApp: boolean): Platform {
  if (!inApp) return 'browser';
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'mac';
  return 'linux';
}

export function deviceProblem(device: Device, error: unknown, platform: Platform): string {
  const name = (error as { name?: unknown } | null)?.name;
  const cause = typeof name === 'string' ? CAUSES[name] : undefined;
  if (cause) return cause(device, platform);
  const detail = (error as { message?: unknown } | null)?.message;
  return `The ${device} cannot be used${typeof detail === 'string' && detail ? ` (${detail})` : ''}. ${GRANT[platform](device)}.`;
}
