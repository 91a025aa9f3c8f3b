import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { loadWhisper } from '../../electron/core/asr/whisperSession';
import { fetchPack } from '../../electron/core/models/fetchPack';
import { MODEL_TASKS, type DeviceClass } from '../../electron/core/models/manifest';
import { filesFor, resolveModel, type ResolvedModel } from '../../electron/core/models/resolve';
import { verifyPack } from '../../electron/core/models/verify';
import { Florence2Captioner } from '../../electron/core/vision/florence2/captioner';
import { SmolVlmAnswerer } from '../../electron/core/vision/smolvlm/answerer';
import type { DecodedImage } from '../../electron/core/image/intake';
import { recordOpens } from './mirror/openedFiles';
import { gpuFilesAsCpu, startRealMirror } from './mirror/realMirror';

// Issue 12 points 1, 2, 4 and 5 on a local mirror of each real pack (real file names and file sets, fixture-sized
// graphs): fetch installs from the mirror (pinning every file from its listing), verify passes, every task loads and
// runs with the CPU and the GPU file set, and the files opened are exactly the manifest's list for that device class.

const previousDevice = process.env.SIGHTLINE_DEVICE;
process.env.SIGHTLINE_DEVICE = 'cpu'; // no GPU here: the GPU file set runs on the CPU provider (gpuFilesAsCpu)
after(() => { if (previousDevice === undefined) delete process.env.SIGHTLINE_DEVICE; else process.env.SIGHTLINE_DEVICE = previousDevice; });

const signal = new AbortController().signal;
const red: DecodedImage = { data: new Uint8Array(320 * 240 * 3).map((_, i) => [220, 30, 30][i % 3]!), width: 320, height: 240, channels: 3, source: 'red', format: 'raw' };

/** Loads one task's model with Sightline's own loader, runs it once, and disposes it; returns what it said. */
const RUNNERS: Readonly<Record<string, (m: ResolvedModel) => Promise<string>>> = Object.freeze({
  caption: async (m) => {
    const s = await Florence2Captioner.load(m);
    try { return (await s.caption(red, 'brief', signal)).text; } finally { await s.dispose(); }
  },
  vqa: async (m) => {
    const s = await SmolVlmAnswerer.load(m);
    try { return (await s.ask('red', red, 'What color is this?', [], signal)).text; } finally { await s.dispose(); }
  },
  transcribe: async (m) => {
    const s = await loadWhisper(m);
    // Silence: the fixture Whisper answers nothing, but encoder and decoder both run.
    try { return `[${await s.transcribe(new Float32Array(16_000), signal)}]`; } finally { await s.dispose(); }
  },
});
const EXPECT: Readonly<Record<string, RegExp>> = Object.freeze({ caption: /\bred\b/, vqa: /\bred\b/, transcribe: /^\[.*\]$/ });

/** Files our own code probes for and tolerates missing (a chat template kept in a .jinja file). */
const TOLERATED_ABSENT = new Set(['chat_template.jinja']);

for (const pack of ['default', 'quality']) {
  test(`${pack} pack from a local mirror: fetch pins and installs both file sets, verify passes, each task runs on cpu and gpu names, opened = listed`, async () => {
    const mirror = await startRealMirror(pack, await tempDir());
    const env = { SIGHTLINE_MODEL_BASE_URL: mirror.baseUrl };
    const report = await fetchPack(pack, { root: mirror.root, env, device: 'all' });
    assert.equal(report.ok, true, JSON.stringify(report.files.filter((f) => f.outcome === 'failed')));
    for (const device of ['cpu', 'gpu', 'all'] as const) {
      const check = await verifyPack(pack, { root: mirror.root, device });
      assert.equal(check.ok, true, `${device}: ${JSON.stringify(check.files.filter((f) => f.state !== 'ok'))}`);
    }
    const roots: Record<DeviceClass, string> = { cpu: mirror.root, gpu: await gpuFilesAsCpu(mirror.root, path.join(await tempDir(), 'gpu')) };
    for (const device of ['cpu', 'gpu'] as const) {
      for (const task of MODEL_TASKS) {
        const resolved = resolveModel(pack, task, { root: roots[device] });
        if (!resolved) continue;
        const listed = filesFor(mirror.manifest.models[resolved.key]!, device).map((f) => f.path).sort();
        const record = recordOpens(resolved.dir);
        let said: string;
        try {
          said = await RUNNERS[task]!(resolved);
        } finally {
          record.stop();
        }
        assert.match(said, EXPECT[task]!, `${pack}/${task} on the ${device} file set said ${JSON.stringify(said)}`);
        const opened = [...record.opened].sort();
        assert.deepEqual(opened, listed, `${pack}/${task}, ${device} file set: files opened (left) against the manifest's list (right)`);
        const graphs = listed.filter((f) => f.endsWith('.onnx'));
        assert.deepEqual([...record.sessions].sort(), graphs, `${pack}/${task}, ${device}: graphs given to ONNX Runtime`);
        const unexpected = [...record.absent].filter((f) => !TOLERATED_ABSENT.has(f));
        assert.deepEqual(unexpected, [], `${pack}/${task}, ${device}: files looked for and missing`);
      }
    }
  });
}
