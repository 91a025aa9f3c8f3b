import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';

// The renderer's pure modules, compiled as ES modules into dist/renderer (which declares "type": "module").
const SRC = path.resolve(__dirname, '..', '..', 'renderer', 'renderer', 'src');

interface FrameDiffModule {
  lumaSignature(rgba: ArrayLike<number>): Uint8Array;
  frameDifference(a: Uint8Array, b: Uint8Array): number;
  SceneChangeDetector: new (change?: number, settle?: number) => { observe(s: Uint8Array): boolean; markDescribed(s: Uint8Array): void; reset(): void };
}
interface ThrottleModule {
  ProgressThrottle: new (step?: number, intervalMs?: number, now?: () => number) => { shouldAnnounce(fraction: number | null): boolean };
  percent(fraction: number): string;
}

let frames: FrameDiffModule;
let throttle: ThrottleModule;

before(async () => {
  frames = (await import(pathToFileURL(path.join(SRC, 'frameDiff.js')).href)) as FrameDiffModule;
  throttle = (await import(pathToFileURL(path.join(SRC, 'progressThrottle.js')).href)) as ThrottleModule;
});

const solid = (grey: number, pixels = 64) => new Uint8Array(pixels * 4).map((_, i) => (i % 4 === 3 ? 255 : grey));

test('frame signatures compare as expected: identical 0, black against white 1', () => {
  const black = frames.lumaSignature(solid(0));
  const white = frames.lumaSignature(solid(255));
  assert.equal(frames.frameDifference(black, black), 0);
  assert.equal(frames.frameDifference(black, white), 1);
  assert.ok(Math.abs(frames.frameDifference(black, frames.lumaSignature(solid(51))) - 0.2) < 1e-9);
});

test('auto mode describes a new scene once it holds still, and not again until it changes', () => {
  const detector = new frames.SceneChangeDetector(0.08, 0.03);
  const a = frames.lumaSignature(solid(20));
  const b = frames.lumaSignature(solid(200));
  assert.equal(detector.observe(a), false, 'first frame: not yet known to be still');
  assert.equal(detector.observe(a), true, 'still, and never described');
  detector.markDescribed(a);
  assert.equal(detector.observe(a), false, 'same scene');
  assert.equal(detector.observe(b), false, 'changed, but still moving');
  assert.equal(detector.observe(b), true, 'changed and settled');
  detector.markDescribed(b);
  assert.equal(detector.observe(frames.lumaSignature(solid(203))), false, 'a flicker of light is not a new scene');
});

test('progress is announced at each quarter, not at every tick', () => {
  let clock = 0;
  const t = new throttle.ProgressThrottle(0.25, 3000, () => clock);
  const said = [0.05, 0.1, 0.2, 0.26, 0.3, 0.49, 0.5, 0.74, 0.76, 0.9, 1].filter((f) => {
    clock += 10;
    return t.shouldAnnounce(f);
  });
  assert.deepEqual(said, [0.26, 0.5, 0.76, 1]);
});

test('unknown or slow progress is announced every three seconds', () => {
  let clock = 0;
  const t = new throttle.ProgressThrottle(0.25, 3000, () => clock);
  const said: number[] = [];
  for (clock = 500; clock <= 10_000; clock += 500) if (t.shouldAnnounce(null)) said.push(clock);
  assert.deepEqual(said, [3000, 6000, 9000]);
  assert.equal(throttle.percent(0.256), '26 %');
});
