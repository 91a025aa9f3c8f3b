import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../common/logger';
import type { DeviceClass } from './manifest';
import type { DeviceSet } from './resolve';
import type { DeviceName } from '../vision/types';

const log = createLogger('device');

/** Preference order: dedicated GPU runtimes first, CPU always last so something always loads. */
const ORDER: readonly DeviceName[] = Object.freeze(['cuda', 'dml', 'webgpu', 'coreml', 'cpu']);

/** Where the Vulkan loader looks for drivers (ICD manifests). */
const VULKAN_ICD_DIRS: readonly string[] = Object.freeze(['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d']);
/** GPU device nodes: NVIDIA's, or any DRM render node (AMD, Intel). */
const GPU_NODES: readonly string[] = Object.freeze(['/dev/nvidia0', '/dev/dri/renderD128']);

/** What the Linux WebGPU check reads, injectable for tests. */
export interface LinuxGpuProbe {
  readonly env: NodeJS.ProcessEnv;
  readonly exists: (path: string) => boolean;
  readonly list: (dir: string) => readonly string[];
}
const realProbe: LinuxGpuProbe = {
  env: process.env,
  exists: existsSync,
  list: (dir) => { try { return readdirSync(dir); } catch { return []; } },
};

/**
 * On Linux, ONNX Runtime's WebGPU runs on Vulkan (Dawn). It is worth trying only with a GPU device node and a
 * Vulkan driver for real hardware: lavapipe (Mesa's software Vulkan) would be slower than the CPU provider, and
 * without any driver the attempt only costs a failed adapter request. Measured on an H200 with the NVIDIA driver
 * and the Vulkan loader: the PP-OCR detector at 1920×1088 took 26.5 ms on WebGPU against 140 ms on 16 CPU cores.
 */
export function linuxWebGpuLikely(probe: LinuxGpuProbe = realProbe): boolean {
  if (!GPU_NODES.some((n) => probe.exists(n))) return false;
  const named = probe.env.VK_DRIVER_FILES || probe.env.VK_ICD_FILENAMES;
  const drivers = named ? named.split(':') : VULKAN_ICD_DIRS.flatMap((d) => probe.list(d).filter((f) => f.endsWith('.json')));
  return drivers.some((f) => !/lvp|lavapipe|swiftshader/i.test(f));
}

/**
 * Which execution providers are worth trying on this machine. ONNX Runtime's Node binding lists what it was built
 * with; CUDA also needs a driver (no /dev/nvidiactl → skip, instead of a slow failed load); WebGPU on Linux needs
 * a hardware Vulkan driver (linuxWebGpuLikely).
 */
function platformCandidates(): DeviceName[] {
  let listed: string[] = ['cpu'];
  let cudaLibrary = false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const ort = require('onnxruntime-node') as { listSupportedBackends?: () => { name: string }[] };
    listed = ort.listSupportedBackends?.().map((b) => b.name) ?? listed;
    // CUDA is listed but not bundled: its provider library exists only where the package's CUDA download ran
    // (we install with ONNXRUNTIME_NODE_INSTALL=skip). Without it, trying CUDA only fails to load a library.
    const binding = path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
    cudaLibrary = existsSync(path.join(binding, 'libonnxruntime_providers_cuda.so'));
  } catch { /* CPU only */ }
  const ok: Record<DeviceName, boolean> = {
    cuda: process.platform === 'linux' && listed.includes('cuda') && cudaLibrary && existsSync('/dev/nvidiactl'),
    dml: process.platform === 'win32',
    webgpu: listed.includes('webgpu') && (process.platform !== 'linux' || linuxWebGpuLikely()),
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

/** File sets `models fetch`/`verify --device` accept. */
export const DEVICE_SETS: readonly DeviceSet[] = Object.freeze(['cpu', 'gpu', 'all']);

/**
 * The file set a device preference needs ($SIGHTLINE_DEVICE or Settings): "gpu" or a GPU provider by name → the GPU
 * graphs; "cpu" and "auto" → the CPU graphs (auto tries a GPU only when its files are installed).
 */
export function deviceSetFor(preference: string = process.env.SIGHTLINE_DEVICE || 'auto'): DeviceClass {
  return preference === 'gpu' || (ORDER as readonly string[]).includes(preference) && preference !== 'cpu' ? 'gpu' : 'cpu';
}

/**
 * Loads with the first device that works. Every failure is logged with its reason and returned, so "why is this
 * slow" has an answer in the log and in `sightline doctor`; the device that loaded is returned for reports.
 */
export async function loadWithFallback<T>(what: string, load: (device: DeviceName) => Promise<T>, preference?: string): Promise<{ value: T; device: DeviceName; skipped: { device: DeviceName; reason: string }[] }> {
  const candidates = deviceCandidates(preference);
  const skipped: { device: DeviceName; reason: string }[] = [];
  let lastError: unknown;
  for (const device of candidates) {
    try {
      const value = await load(device);
      if (device !== candidates[0]) log.info(`${what}: using ${device}`);
      return { value, device, skipped };
    } catch (err) {
      lastError = err;
      const reason = (err as Error).message.split('\n')[0]!;
      skipped.push({ device, reason });
      log.warn(`${what}: ${device} unavailable (${reason})${device === 'cpu' ? '' : ', trying the next device'}`);
    }
  }
  throw lastError;
}
