import type { TaskHandler } from './protocol';

/**
 * Which module serves each task. Modules load only when their task is first asked for, so the host starts
 * fast and a pack without a captioner never loads Transformers.js.
 */
type Loader = () => Promise<TaskHandler<unknown, unknown, unknown>>;

export const TASK_LOADERS: Readonly<Record<string, Loader>> = Object.freeze({
  diagnostic: async () => (await import('./diagnosticTask.js')).createDiagnosticTask() as TaskHandler<unknown, unknown, unknown>,
  ocr: async () => (await import('../ocr/ocrTask.js')).createOcrTask() as TaskHandler<unknown, unknown, unknown>,
  transcribe: async () => (await import('../asr/transcribeTask.js')).createTranscribeTask() as TaskHandler<unknown, unknown, unknown>,
  describe: async () => (await import('../vision/describeTask.js')).createDescribeTask() as TaskHandler<unknown, unknown, unknown>,
  ask: async () => (await import('../vision/askTask.js')).createAskTask() as TaskHandler<unknown, unknown, unknown>,
  smoke: async () => (await import('./smokeTask.js')).createSmokeTask() as TaskHandler<unknown, unknown, unknown>,
});
