// The memory-saving constant-Q chroma (a stream that folds each frame as soon as
// every octave has it, its low octaves a block of frames at a time) against the
// whole-buffer transform it replaced (one FFT per frame and octave, librosa's way):
// the same numbers up to rounding (CHROMA_TOLERANCE) at every kind of ending, and
// bit for bit the same whatever blocks the samples arrive in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_RATE } from '../constants';
import { ChromaCqtStream, chromaCqt } from '../cqt-chroma';
import { buildBanks, octaveBank } from '../cqt-filters';
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
      assert.fail(`${what}: chroma[${i}] = ${got.chroma[i]}, one push ${want.chroma[i]}`);
  assert.deepEqual(got.keyProfile, want.keyProfile, `${what}: key profile`);
}

/**
 * The block octaves' values differ from one FFT per frame by rounding (about 1e-15
 * of the frame's loudest response); the chroma is stored as 32-bit floats.
 */
const CHROMA_TOLERANCE = 1e-6;

/** Whether frame t's own top-octave window (t * 512 +- 512) holds sound. */
function sounding(y: Float32Array, t: number): boolean {
  for (let i = Math.max(0, t * 512 - 512); i < Math.min(y.length, t * 512 + 512); i++)
    if (y[i] !== 0) return true;
  return false;
}

/**
 * The largest chroma difference over frames whose top-octave window holds sound.
 * (In a frame of digital silence every response is the rounding noise of the
 * halvings and transforms, and dividing by the largest makes that noise a chroma
 * whichever way it is computed.)
 */
function chromaDifference(
  got: ReturnType<typeof chromaCqt>,
  want: ReturnType<typeof chromaCqt>,
  y: Float32Array,
): number {
  assert.equal(got.chroma.length, want.chroma.length, 'frame count');
  let worst = 0;
  for (let t = 0; t * 12 < want.chroma.length; t++) {
    if (!sounding(y, t)) continue;
    for (let c = 0; c < 12; c++)
      worst = Math.max(worst, Math.abs(got.chroma[t * 12 + c]! - want.chroma[t * 12 + c]!));
  }
  return worst;
}

function assertClose(
  got: ReturnType<typeof chromaCqt>,
  want: ReturnType<typeof chromaCqt>,
  y: Float32Array,
  what: string,
): void {
  const d = chromaDifference(got, want, y);
  assert.ok(d <= CHROMA_TOLERANCE, `${what}: chroma differs by ${d}`);
}

test('the streamed chroma of a 3-minute signal equals the whole-buffer transform up to rounding', () => {
  const y = music(180, 7);
  const want = chromaCqtWhole(y, 0.13);
  const got = chromaCqt(y, 0.13);
  assertClose(got, want, y, 'one push');
  for (let c = 0; c < 12; c++)
    assert.ok(Math.abs(got.keyProfile[c]! / want.keyProfile[c]! - 1) < 1e-9, `key profile [${c}]`);
  // Blocks of the sizes decoders hand over, odd ones included: bit for bit one push's.
  assertSame(streamed(y, 0.13, [4096, 88_201, 1, 1152, 65_536 + 3]), got, 'blocks');
});

test('short signals and every ending match too (silence inside, lengths around the hop)', () => {
  for (const n of [0, 1, 511, 512, 513, 2047, 30_000, 5 * SAMPLE_RATE + 17]) {
    const y = music(n / SAMPLE_RATE, n + 1);
    y.fill(0, Math.floor(n / 3), Math.floor(n / 2));
    const want = chromaCqtWhole(y, -0.2);
    const got = chromaCqt(y, -0.2);
    assertClose(got, want, y, `${n} samples, one push`);
    assertSame(streamed(y, -0.2, [700, 9000]), got, `${n} samples, blocks`);
  }
});

test('the chroma at a tuning does not depend on the tunings computed before it', () => {
  const y = music(12, 5);
  // Two tunings that agree to 0.01: a cache keyed by the rounded tuning would hand
  // the second the first one's filters.
  const alone = chromaCqtWhole(y, 0.0301, buildBanks(0.0301));
  const first = chromaCqt(y, 0.0349);
  const apart = chromaDifference(first, alone, y);
  assert.ok(apart > 100 * CHROMA_TOLERANCE, `the two tunings give different chroma (${apart})`);
  assertClose(chromaCqt(y, 0.0301), alone, y, 'after 0.0349');
  // And the other way round.
  assertClose(chromaCqt(y, 0.0349), chromaCqtWhole(y, 0.0349, buildBanks(0.0349)), y, 'after 0.0301');
});

test("every octave's own filters are the shared bank's up to rounding", () => {
  for (const tuning of [-0.37, 0, 0.21]) {
    const shared = buildBanks(tuning);
    for (let o = 0; o < shared.length; o++) {
      const own = octaveBank(o, tuning);
      const bank = shared[o]!;
      assert.deepEqual(own.bins, bank.bins, `octave ${o}: the same spectrum bins`);
      assert.deepEqual(own.offsets, bank.offsets, `octave ${o}: the same filter lengths`);
      let peak = 0;
      for (let e = 0; e < own.re.length; e++) peak = Math.max(peak, Math.hypot(own.re[e]!, own.im[e]!));
      for (let e = 0; e < own.re.length; e++) {
        assert.ok(Math.abs(own.re[e]! - bank.re[e]!) <= 1e-12 * peak, `octave ${o} re[${e}]`);
        assert.ok(Math.abs(own.im[e]! - bank.im[e]!) <= 1e-12 * peak, `octave ${o} im[${e}]`);
      }
      for (let j = 0; j < own.scale.length; j++)
        assert.ok(Math.abs(own.scale[j]! / bank.scale[j]! - 1) <= 1e-12, `octave ${o} scale[${j}]`);
    }
  }
});
