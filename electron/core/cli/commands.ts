import type { CliCommand } from './io';

/** Every `sightline` sub-command; each module loads only when its command runs, keeping start-up fast. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = Object.freeze({
  read: {
    usage: 'sightline read <image>… [--json]',
    summary: 'read the text of images aloud-ready, in reading order',
    load: async () => (await import('./commands/read.js')).runRead,
  },
  describe: {
    usage: 'sightline describe <image>… [--detail brief|normal|full] [--pack name] [--json]',
    summary: 'describe images: caption joined with their text in reading order',
    load: async () => (await import('./commands/describe.js')).runDescribe,
  },
  ask: {
    usage: 'sightline ask <image> <question> [--pack name] [--json]',
    summary: 'answer a question about an image',
    load: async () => (await import('./commands/ask.js')).runAsk,
  },
  models: {
    usage: 'sightline models list | fetch [pack] [--device cpu|gpu|all] | verify [pack] | pin [pack] [--dry-run] [--json]',
    summary: 'list, install (download and verify) or check model packs; pin fills missing hashes from the hub',
    load: async () => (await import('./commands/models.js')).runModels,
  },
  doctor: {
    usage: 'sightline doctor [--pack name] [--json]',
    summary: 'check the installed pack: verified files, the device each model runs on, a timed load-and-run of each task',
    load: async () => (await import('./commands/doctor.js')).runDoctorCommand,
  },
  speak: {
    usage: 'sightline speak <text>|- [--engine say|speech-dispatcher|espeak-ng] [--voice …] [--rate wpm] [--out file.wav]',
    summary: 'speak text aloud, or write it to a WAV file',
    load: async () => (await import('./commands/speak.js')).runSpeak,
  },
  transcribe: {
    usage: 'sightline transcribe <audio.wav>… [--json]',
    summary: 'transcribe a spoken question (WAV, up to 30 s) with Whisper',
    load: async () => (await import('./commands/transcribe.js')).runTranscribe,
  },
});
