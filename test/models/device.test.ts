import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { deviceCandidates, deviceSetFor, linuxWebGpuLikely, loadWithFallback } from '../../electron/core/models/device';
import { resolveModel } from '../../electron/core/models/resolve';
import { loadModel } from '../../electron/core/vision/loadModel';
import { tempDir } from '../helpers/tmp';
import { modelsRootCopy } from './packCopy';
import { InferenceHost } from '../../electron/core/host/inferenceHost';
import '../../electron/core/vision/types';
import { COLOURS, solidPng } from '../vision/images';

test('device preferences: cpu alone, a named provider then cpu, auto ends with cpu', () => {
  assert.deepEqual(deviceCandidates('cpu'), ['cpu']);
  assert.deepEqual(deviceCandidates('cuda'), ['cuda', 'cpu']);
  const auto = deviceCandidates('auto');
  assert.equal(auto.at(-1), 'cpu');
  assert.deepEqual(auto, [...auto].sort((a, b) => ['cuda', 'dml', 'webgpu', 'coreml', 'cpu'].indexOf(a) - ['cuda', 'dml', 'webgpu', 'coreml', 'cpu'].indexOf(b)));
});

test('a device that fails to load falls back to the next, and the one used is reported', async () => {
  const tried: string[] = [];
  const { value, device } = await loadWithFallback('test model', async (d) => {
    tried.push(d);
    if (d !== 'cpu') throw new Error(`${d} has no driver here`);
    return 42;
  }, 'cuda');
  assert.deepEqual(tried, ['cuda', 'cpu']);
  assert.equal(value, 42);
  assert.equal(device, 'cpu');
});

const host = new InferenceHost({ env: { SIGHTLINE_PACK: 'fixture', SIGHTLINE_DEVICE: 'cuda' } });
after(() => host.dispose());

test('asking for CUDA on a machine without it really tries it, then runs on the CPU and says so', async () => {
  const image = { kind: 'bytes' as const, bytes: new Uint8Array(await solidPng(COLOURS.blue)), label: 'blue.png' };
  const result = await host.run('ask', { image, question: 'What color is this?' });
  assert.match(result.answer, /blue/);
  if (existsSync('/dev/nvidiactl')) assert.ok(['cuda', 'cpu'].includes(result.device));
  else assert.equal(result.device, 'cpu');
});

test('Linux tries WebGPU only with a GPU device node and a hardware Vulkan driver', () => {
  const probe = (nodes: string[], icds: Record<string, string[]>, env: NodeJS.ProcessEnv = {}) => ({
    env, exists: (p: string) => nodes.includes(p), list: (d: string) => icds[d] ?? [],
  });
  const nvidia = { '/usr/share/vulkan/icd.d': ['nvidia_icd.json'] };
  assert.equal(linuxWebGpuLikely(probe(['/dev/nvidia0'], nvidia)), true);
  assert.equal(linuxWebGpuLikely(probe(['/dev/dri/renderD128'], { '/usr/share/vulkan/icd.d': ['radeon_icd.x86_64.json', 'lvp_icd.x86_64.json'] })), true);
  assert.equal(linuxWebGpuLikely(probe([], nvidia)), false, 'no GPU device node');
  assert.equal(linuxWebGpuLikely(probe(['/dev/dri/renderD128'], { '/usr/share/vulkan/icd.d': ['lvp_icd.x86_64.json'] })), false, 'software Vulkan only');
  assert.equal(linuxWebGpuLikely(probe(['/dev/nvidia0'], {})), false, 'no Vulkan driver');
  assert.equal(linuxWebGpuLikely(probe(['/dev/nvidia0'], {}, { VK_DRIVER_FILES: '/opt/nvidia/nvidia_icd.json' })), true);
});

test('the file set a device preference needs: gpu or a GPU provider → gpu graphs; cpu and auto → cpu graphs', () => {
  assert.equal(deviceSetFor('gpu'), 'gpu');
  assert.equal(deviceSetFor('cuda'), 'gpu');
  assert.equal(deviceSetFor('webgpu'), 'gpu');
  assert.equal(deviceSetFor('cpu'), 'cpu');
  assert.equal(deviceSetFor('auto'), 'cpu');
});

test('a GPU whose file set is not installed is skipped with that reason, and the model runs on the CPU', async () => {
  const root = await modelsRootCopy(await tempDir(), { withFixture: true });
  // An installation with the CPU file set only: the GPU's vision encoder (vision_encoder_fp16.onnx) is absent.
  await rm(path.join(root, 'fixture', 'florence2', 'onnx', 'vision_encoder_fp16.onnx'));
  const resolved = resolveModel('fixture', 'caption', { root })!;
  const loaded = await loadModel(resolved, 'caption', (t) => t.Florence2ForConditionalGeneration.from_pretrained.bind(t.Florence2ForConditionalGeneration), 'webgpu');
  try {
    assert.equal(loaded.device, 'cpu');
    assert.equal(loaded.skipped.length, 1);
    assert.equal(loaded.skipped[0]!.device, 'webgpu');
    assert.match(loaded.skipped[0]!.reason, /the gpu file set is not installed \(install it with: sightline models fetch fixture --device gpu\)/);
  } finally {
    await loaded.model.dispose();
  }
});
