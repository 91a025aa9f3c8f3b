/**
 * The system locale as the environment states it (LC_ALL, LC_MESSAGES, LANG; "C" and "POSIX" say nothing), else the
 * JavaScript runtime's own (ICU reads the OS setting, which is how Windows and macOS state it).
 */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): string {
  const named = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v && v !== 'C' && v !== 'POSIX' && !v.startsWith('C.'));
  return named ?? Intl.DateTimeFormat().resolvedOptions().locale;
}
