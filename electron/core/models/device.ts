import { existsSync } from 'node:fs';
import { createLogger } from '../common/logger';
import type { DeviceClass } from './manifest';
import type { DeviceName } from '../vision/types';

const log = createLogger('device');

/** Preference order: dedicated GPU runtimes first, CPU always last so something always loads. */
const ORDER: readonly DeviceName[] = Object.freeze(['cuda', 'dml', 'webgpu', 'coreml', 'cpu']);

/**
 * Which execution providers are worth trying on this machine. ONNX Runtime's Node binding lists what it was built
 * with; CUDA also needs a driver (no /dev/nvidiactl → skip, instead of a slow failed load). WebGPU in headless
 * Linux has no adapter unless a desktop GPU stack is present, so there it is tried only when asked for by name.
 */
function platformCandidates(): DeviceName[] {
  let listed: string[] = ['cpu'];
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const ort = require('onnxruntime-node') as { listSupportedBackends?: () => { name: string }[] };
    listed = ort.listSupportedBackends?.().map((b) => b.name) ?? listed;
  } catch { /* CPU only */ }
  const ok: Record<DeviceName, boolean> = {
    cuda: process.platform === 'linux' && listed.includes('cuda') && existsSync('/dev/nvidiactl'),
    dml: process.platform === 'win32',
    webgpu: process.platform !== 'linux' && listed.includes('webgpu'),
    coreml: process.platform === 'darwin',
    cpu: true,
  };
  return ORDER.filter((d) => ok[d]);
}

/**
 * Devices to try, in order, for a preference: "auto" (default), "cpu", "gpu", or one provider by name
 * ($SIGHTLINE_DEVICE or the Settings value). CPU is always the last resort.
 */
export function deviceCandidates(preference: string = process.env.SIGHTLINE_DEVICE || 'auto'): DeviceName[] {
  if (preference === 'cpu') return ['cpu'];
  if ((ORDER as readonly string[]).includes(preference)) return [...new Set([preference as DeviceName, 'cpu' as const])];
  const platform = platformCandidates();
  if (preference === 'gpu') return platform.includes('cpu') ? platform : [...platform, 'cpu'];
  return platform;
}

export const deviceClass = (device: DeviceName): DeviceClass => (device === 'cpu' ? 'cpu' : 'gpu');

/**
 * Loads with the first device that works. Every failure is logged with its reason, so "why is this slow" has an
 * answer in the log; the device that loaded is returned for reports ("device": "cpu").
 */
export async function loadWithFallback<T>(what: string, load: (device: DeviceName) => Promise<T>, preference?: string): Promise<{ value: T; device: DeviceName }> {
  const candidates = deviceCandidates(preference);
  let lastError: unknown;
  for (const device of candidates) {
    try {
      const value = await load(device);
      if (device !== candidates[0]) log.info(`${what}: using ${device}`);
      return { value, device };
    } catch (err) {
      lastError = err;
      log.warn(`${what}: ${device} unavailable (${(err as Error).message.split('\n')[0]})${device === 'cpu' ? '' : ', trying the next device'}`);
    }
  }
  throw lastError;
}
