import { SightlineError, toSightlineError } from '../common/errors';
import type { DoctorTaskView } from '../../common/ipc';
import { locateWhisper } from '../asr/whisperFiles';
import { loadWhisper } from '../asr/whisperSession';
import type { DecodedImage } from '../image/intake';
import { MODEL_TASKS, type ModelTask } from '../models/manifest';
import { resolveModel, type ResolvedModel } from '../models/resolve';
import { Florence2Captioner } from '../vision/florence2/captioner';
import type { LoadedModel } from '../vision/loadModel';
import { SmolVlmAnswerer } from '../vision/smolvlm/answerer';
import type { TaskHandler } from './protocol';
import type { SmokeRequest } from './smokeTypes';

/**
 * `sightline doctor`'s smoke test, in the inference host: each task of the active pack is loaded with the same
 * loader, device preference and file set as real requests, run once on a built-in input, and disposed. The report
 * says on which device its sessions actually ran (and why any device before it was skipped) and how long it took.
 */

/** The built-in image: 320×240 in the fixture pack's red (a real captioner says something about a red field). */
function builtInImage(): DecodedImage {
  const data = new Uint8Array(320 * 240 * 3);
  for (let i = 0; i < data.length; i += 3) data.set([220, 30, 30], i);
  return { data, width: 320, height: 240, channels: 3, source: 'built-in red image', format: 'raw' };
}

const ms = (from: number) => Math.round(performance.now() - from);

const SMOKES: Readonly<Record<ModelTask, (m: ResolvedModel, signal: AbortSignal) => Promise<{ load: () => Promise<LoadedModel>; run: () => Promise<string>; dispose: () => Promise<void> }>>> = Object.freeze({
  caption: async (m, signal) => {
    let s: Florence2Captioner | undefined;
    return {
      load: async () => (s = await Florence2Captioner.load(m)).loaded,
      run: async () => (await s!.caption(builtInImage(), 'brief', signal)).text,
      dispose: async () => s?.dispose(),
    };
  },
  vqa: async (m, signal) => {
    let s: SmolVlmAnswerer | undefined;
    return {
      load: async () => (s = await SmolVlmAnswerer.load(m)).loaded,
      run: async () => (await s!.ask('doctor-smoke', builtInImage(), 'What color is this?', [], signal)).text,
      dispose: async () => s?.dispose(),
    };
  },
  transcribe: async (_m, signal) => {
    let s: Awaited<ReturnType<typeof loadWhisper>> | undefined;
    return {
      // Located as transcribe does ($SIGHTLINE_WHISPER_DIR included); one second of silence runs encoder and decoder.
      load: async () => (s = await loadWhisper(locateWhisper())).loaded,
      run: async () => `heard ${JSON.stringify(await s!.transcribe(new Float32Array(16_000), signal))} in one second of silence`,
      dispose: async () => s?.dispose(),
    };
  },
});

export function createSmokeTask(): TaskHandler<SmokeRequest, DoctorTaskView[]> {
  return {
    async run(request, { signal }) {
      const tasks = request?.tasks ?? MODEL_TASKS;
      if (!Array.isArray(tasks) || !tasks.every((t) => (MODEL_TASKS as readonly string[]).includes(t))) throw new SightlineError('usage', `smoke: tasks must be some of ${MODEL_TASKS.join(', ')}`);
      const views: DoctorTaskView[] = [];
      for (const task of tasks as readonly ModelTask[]) {
        signal.throwIfAborted();
        const resolved = resolveModel(undefined, task);
        if (!resolved) continue;
        const smoke = await SMOKES[task](resolved, signal);
        const started = performance.now();
        let loaded: LoadedModel | undefined;
        let loadMs = 0;
        try {
          const ready = await smoke.load();
          loaded = ready;
          loadMs = ms(started);
          const runStarted = performance.now();
          const output = await smoke.run();
          views.push({ task, model: resolved.name, ok: true, device: ready.device, skipped: ready.skipped, loadMs, runMs: ms(runStarted), output });
        } catch (err) {
          const e = toSightlineError(err);
          if (e.kind === 'cancelled') throw e;
          views.push({ task, model: resolved.name, ok: false, device: loaded?.device ?? null, skipped: loaded?.skipped ?? [], loadMs: loadMs || ms(started), runMs: 0, output: `${e.kind}: ${e.message}` });
        } finally {
          await smoke.dispose().catch(() => undefined);
        }
      }
      return views;
    },
  };
}
