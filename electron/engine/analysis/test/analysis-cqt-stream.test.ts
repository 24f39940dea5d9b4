// The memory-saving constant-Q chroma (a stream that folds each frame as soon as
// every octave has it) against the whole-buffer transform it replaced: the same
// numbers bit for bit, whatever the block sizes, at every kind of ending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_RATE } from '../constants';
import { ChromaCqtStream, chromaCqt } from '../cqt-chroma';
import { buildBanks } from '../cqt-filters';
import { chromaCqtWhole } from './chroma-cqt-whole';

/** Chords, a gliding tone and a little noise: every octave has something to say. */
function music(seconds: number, seed: number): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  const y = new Float32Array(n);
  let s = seed >>> 0;
  const roots = [55, 73.42, 61.74, 82.41];
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    const root = roots[Math.floor(t / 2) % roots.length]!;
    let v = 0;
    for (const ratio of [1, 1.26, 1.5, 2, 4, 8, 32]) v += Math.sin(2 * Math.PI * root * ratio * t) / ratio;
    v += 0.2 * Math.sin(2 * Math.PI * (200 + 30 * t) * t);
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    y[i] = 0.2 * v + 0.01 * (s / 2 ** 31 - 1);
  }
  return y;
}

function streamed(y: Float32Array, tuning: number, blockSizes: number[]): ReturnType<typeof chromaCqt> {
  const stream = new ChromaCqtStream(tuning);
  for (let at = 0, i = 0; at < y.length; i++) {
    const size = blockSizes[i % blockSizes.length]!;
    stream.push(y.subarray(at, Math.min(y.length, at + size)));
    at += size;
  }
  return stream.finish();
}

function assertSame(
  got: ReturnType<typeof chromaCqt>,
  want: ReturnType<typeof chromaCqt>,
  what: string,
): void {
  assert.equal(got.chroma.length, want.chroma.length, `${what}: frame count`);
  for (let i = 0; i < want.chroma.length; i++)
    if (!Object.is(got.chroma[i], want.chroma[i]))
      assert.fail(`${what}: chroma[${i}] = ${got.chroma[i]}, whole-buffer ${want.chroma[i]}`);
  assert.deepEqual(got.keyProfile, want.keyProfile, `${what}: key profile`);
}

test('the streamed chroma of a 3-minute signal equals the whole-buffer transform bit for bit', () => {
  const y = music(180, 7);
  const want = chromaCqtWhole(y, 0.13);
  assertSame(chromaCqt(y, 0.13), want, 'one push');
  // Blocks of the sizes decoders hand over, odd ones included.
  assertSame(streamed(y, 0.13, [4096, 88_201, 1, 1152, 65_536 + 3]), want, 'blocks');
});

test('short signals and every ending match too (silence inside, lengths around the hop)', () => {
  for (const n of [0, 1, 511, 512, 513, 2047, 30_000, 5 * SAMPLE_RATE + 17]) {
    const y = music(n / SAMPLE_RATE, n + 1);
    y.fill(0, Math.floor(n / 3), Math.floor(n / 2));
    const want = chromaCqtWhole(y, -0.2);
    assertSame(chromaCqt(y, -0.2), want, `${n} samples, one push`);
    assertSame(streamed(y, -0.2, [700, 9000]), want, `${n} samples, blocks`);
  }
});

test('the chroma at a tuning does not depend on the tunings computed before it', () => {
  const y = music(12, 5);
  // Two tunings that agree to 0.01: a cache keyed by the rounded tuning would hand
  // the second the first one's filters.
  const alone = chromaCqtWhole(y, 0.0301, buildBanks(0.0301));
  const first = chromaCqt(y, 0.0349);
  assert.notDeepEqual(first.chroma, alone.chroma, 'the two tunings give different chroma');
  assertSame(chromaCqt(y, 0.0301), alone, 'after 0.0349');
  // And the other way round.
  assertSame(chromaCqt(y, 0.0349), chromaCqtWhole(y, 0.0349, buildBanks(0.0349)), 'after 0.0301');
});
