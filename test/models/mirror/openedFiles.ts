import fs from 'node:fs';
import path from 'node:path';

/**
 * Records which files under a folder this process opens, at the two places files are opened while a model loads
 * and runs: Node's fs (Transformers.js reads configs and tokenizers through it, and opens each graph it resolves with
 * a read stream) and ONNX Runtime's InferenceSession.create (which opens the graph natively). Probes of files that
 * do not exist are kept apart: they are what Transformers.js looks for and tolerates missing.
 */
export interface OpenRecord {
  /** Paths relative to the folder, forward slashes, of files that existed and were opened or read. */
  readonly opened: Set<string>;
  /** Paths asked for that did not exist. */
  readonly absent: Set<string>;
  /** Graphs handed to ONNX Runtime. */
  readonly sessions: Set<string>;
  stop(): void;
}

type Fn = (...args: never[]) => unknown;

export function recordOpens(dir: string): OpenRecord {
  const root = path.resolve(dir) + path.sep;
  const opened = new Set<string>();
  const absent = new Set<string>();
  const sessions = new Set<string>();
  const rel = (p: unknown): string | null => {
    if (typeof p !== 'string' && !(p instanceof URL)) return null;
    const full = path.resolve(p instanceof URL ? p.pathname : p);
    return full.startsWith(root) ? full.slice(root.length).split(path.sep).join('/') : null;
  };
  const realExists = fs.existsSync;
  const note = (p: unknown) => {
    const r = rel(p);
    if (!r) return;
    if (realExists(path.join(root, r))) opened.add(r);
    else absent.add(r);
  };
  const restore: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, name: string, record: (args: unknown[]) => void) => {
    const original = target[name] as Fn;
    target[name] = function (this: unknown, ...args: unknown[]) {
      record(args);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    restore.push(() => { target[name] = original; });
  };
  wrap(fs as unknown as Record<string, unknown>, 'existsSync', ([p]) => { const r = rel(p); if (r && !realExists(path.join(root, r))) absent.add(r); });
  for (const name of ['createReadStream', 'readFileSync', 'openSync', 'readFile', 'open']) wrap(fs as unknown as Record<string, unknown>, name, ([p]) => note(p));
  for (const name of ['readFile', 'open']) wrap(fs.promises as unknown as Record<string, unknown>, name, ([p]) => note(p));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ort = require('onnxruntime-node') as { InferenceSession: Record<string, unknown> };
  wrap(ort.InferenceSession, 'create', ([p]) => { const r = rel(p); if (r) { sessions.add(r); opened.add(r); } });
  return { opened, absent, sessions, stop: () => { for (const undo of restore.reverse()) undo(); } };
}
