import assert from 'node:assert/strict';

type Result<T> = { ok: true; value: T } | { ok: false; error: { kind: string; message: string } };

/** The value of a bridge result that must have succeeded (the test fails naming the error otherwise). */
export function ok<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** The error of a bridge result that must have failed. */
export function failed(result: { ok: boolean; error?: { kind: string; message: string } }): { kind: string; message: string } {
  assert.equal(result.ok, false, 'expected a failure');
  return result.error!;
}
