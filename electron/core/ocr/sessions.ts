import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { SightlineError } from '../common/errors';
import type { DeviceName } from '../vision/types';

/**
 * CPU session options: all cores, full graph optimization, no arena (an arena keeps the largest tensors ever
 * seen: +250 MB for detection). `memPattern` suits fixed input shapes (detection strips); measured here it cut
 * detection time by about a seventh at no RSS cost, and turning both off doubled it.
 */
export function cpuSessionOptions(memPattern: boolean): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: Math.max(1, os.availableParallelism()),
    interOpNumThreads: 1,
    enableCpuMemArena: false,
    enableMemPattern: memPattern,
    executionMode: 'sequential',
    // Errors only: a GPU provider's "some nodes were not assigned" notice is expected (shape ops stay on the CPU).
    logSeverityLevel: 3,
  };
}

/** Loads one ONNX model on a device (CPU unless told); an unreadable or invalid file is `model-missing` naming the file. */
export async function loadSession(file: string, memPattern = false, device: DeviceName = 'cpu'): Promise<ort.InferenceSession> {
  // Nodes a GPU provider lacks run on the CPU provider, which onnxruntime always keeps as the last one.
  const options = device === 'cpu' ? cpuSessionOptions(memPattern) : { ...cpuSessionOptions(memPattern), executionProviders: [device] };
  try {
    return await ort.InferenceSession.create(file, options);
  } catch (err) {
    throw new SightlineError('model-missing', `${file}: cannot load model (${(err as Error).message.split('\n')[0]})`);
  }
}

/** Runs a single-input, single-output model. */
export async function runSingle(session: ort.InferenceSession, input: Float32Array, dims: readonly number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const tensor = new ort.Tensor('float32', input, dims);
  const feeds: Record<string, ort.Tensor> = { [session.inputNames[0]!]: tensor };
  const results = await session.run(feeds);
  const out = results[session.outputNames[0]!]!;
  const data = out.data as Float32Array;
  tensor.dispose?.();
  return { data, dims: out.dims };
}

export { ort };
