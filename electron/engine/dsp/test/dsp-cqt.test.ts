// The native constant-Q kernels must give the TypeScript arithmetic's values bit for
// bit (a stored chroma must not depend on whether a C compiler was there): every
// octave's 36 magnitudes a frame (Float64, before the fold's rounding to 32 bits could
// hide a difference), the halving's samples, the folded chroma and the key profile;
// and they must refuse arrays, positions and plans that do not fit instead of reading
// or writing past them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packedRealFftTables } from '../../audio/real-fft';
import { twiddleTable } from '../../audio/complex-fft';
import { HOP, SAMPLE_RATE } from '../../analysis/constants';
import { BlockOctaveStream, usesBlocks } from '../../analysis/cqt-block-octave';
import { ChromaCqtStream } from '../../analysis/cqt-chroma';
import { buildBanks, N_OCTAVES } from '../../analysis/cqt-filters';
import { CqtHalver, HALF_BAND_TAPS } from '../../analysis/cqt-halving';
import { OctaveStream, PendingFrames, PER_FRAME } from '../../analysis/cqt-octave-stream';
import { nativeDsp } from '../native-dsp';

const dsp = nativeDsp();
const skip = dsp ? false : 'the native kernels are not built here (see dsp/native-dsp.ts)';

/** Chords, a glide and a little noise: 40 seconds, made once. */
const TONES = ((): Float32Array => {
  const y = new Float32Array(40 * SAMPLE_RATE);
  const freqs = [55, 69.3, 82.4, 220, 1760];
  let s = 5;
  for (let i = 0; i < y.length; i++) {
    const t = i / SAMPLE_RATE;
    let v = 0.2 * Math.sin(2 * Math.PI * (300 + 40 * t) * t);
    for (const f of freqs) v += Math.sin(2 * Math.PI * f * t) / Math.sqrt(f);
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    y[i] = 0.5 * v + 0.01 * (s / 2 ** 31 - 1);
  }
  return y;
})();

/** `n` samples of it (n <= 40 s) from `offset`, with digital silence from a third to half way through. */
function music(n: number, offset: number): Float32Array {
  const y = TONES.slice(offset, offset + n);
  y.fill(0, Math.floor(n / 3), Math.floor(n / 2));
  return y;
}

function assertSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++)
    if (!Object.is(got[i], want[i])) assert.fail(`${what} [${i}]: ${got[i]} vs ${want[i]}`);
}

const BANKS = buildBanks(0.17);

/** Every frame's 36 magnitudes of octave `o` over `signal` (given in `chunk`-sized pushes). */
function octaveRows(o: number, signal: Float32Array, chunk: number, native: boolean): Float64Array {
  const bank = BANKS[o]!;
  const kernels = native ? dsp : null;
  const octave = usesBlocks(o) ? new BlockOctaveStream(bank, o, kernels) : new OctaveStream(bank, o, kernels);
  const pending = new PendingFrames();
  const frames = 1 + Math.floor((signal.length * 2 ** o) / HOP);
  const rows = new Float64Array(frames * 36);
  const firstBin = (N_OCTAVES - 1 - o) * 36;
  // Reads frames out as they come (the ring is folded behind them, as the chroma does).
  const collect = (): void => {
    for (let t = pending.folded; t < octave.next; t++)
      rows.set(pending.read(t).subarray(firstBin, firstBin + 36), t * 36);
    pending.folded = octave.next;
  };
  for (let at = 0; at < signal.length; at += chunk) {
    octave.push(signal.subarray(at, at + chunk));
    octave.run(Infinity, false, pending);
    collect();
  }
  octave.run(frames, true, pending);
  collect();
  return rows;
}

test(
  'native constant-Q octaves equal the TypeScript ones bit for bit, per frame and in blocks',
  { skip },
  () => {
    for (let o = 0; o < N_OCTAVES; o++) {
      // An octave's signal is the input halved o times; ten seconds' worth, then edge sizes.
      const rate = SAMPLE_RATE / 2 ** o;
      for (const [n, chunk] of [
        [Math.round(10 * rate), 1000],
        [Math.round(10 * rate), 1 << 20],
        [777, 64],
        [1, 1],
        [0, 1],
      ] as const) {
        const y = music(n, 997 * o);
        assertSame(
          octaveRows(o, y, chunk, true),
          octaveRows(o, y, chunk, false),
          `octave ${o}, ${n} samples`,
        );
      }
    }
  },
);

test('native half-band halving equals the TypeScript one bit for bit, any chunking', { skip }, () => {
  for (const n of [0, 1, 47, 48, 5000, 100_003]) {
    const x = music(n, n);
    for (const chunk of [1, 333, 4096, 1 << 20]) {
      const outputs = [dsp, null].map((kernels) => {
        const halver = new CqtHalver(kernels);
        const parts: number[] = [];
        for (let i = 0; i < n; i += chunk)
          for (const v of halver.push(x.subarray(i, i + chunk))) parts.push(v);
        for (const v of halver.flush()) parts.push(v);
        return parts;
      });
      assertSame(outputs[0]!, outputs[1]!, `${n} samples in chunks of ${chunk}`);
    }
  }
});

test('native chroma and key profile equal the TypeScript ones bit for bit', { skip }, () => {
  for (const [seconds, tuning] of [
    [40, 0.13],
    [3.3, -0.41],
  ] as const) {
    const y = music(Math.round(seconds * SAMPLE_RATE), 0);
    const [native, js] = [dsp, null].map((kernels) => {
      const stream = new ChromaCqtStream(tuning, kernels);
      for (let at = 0; at < y.length; at += 4410) stream.push(y.subarray(at, at + 4410));
      return stream.finish();
    });
    assertSame(native!.chroma, js!.chroma, `${seconds} s chroma`);
    assertSame(native!.keyProfile, js!.keyProfile, `${seconds} s key profile`);
    assert.ok(
      native!.keyProfile.some((v) => v > 0),
      'the key profile holds something',
    );
  }
});

test('native constant-Q kernels refuse what does not fit their plan, and foreign arguments', { skip }, () => {
  const k = dsp!;
  const bank = buildBanks(0)[0]!;
  const filters = new Float64Array(2 * bank.bins.length);
  const tables = packedRealFftTables(bank.nFft);
  const plan = (offsets = bank.offsets, bins = bank.bins, fftTables = tables): unknown =>
    k.cqtFramePlan(bank.nFft, 512, 216, offsets, bins, filters, bank.scale, fftTables);
  const frames = plan() as ReturnType<typeof k.cqtFramePlan>;
  const rows = new Float64Array(8 * PER_FRAME);
  const signal = new Float32Array(4096);
  // Halving: the taps' reach outside the input, or more outputs than room.
  const input = new Float32Array(100);
  k.cqtHalve(HALF_BAND_TAPS, input, 23, 27, new Float32Array(27));
  assert.throws(() => k.cqtHalve(HALF_BAND_TAPS, input, 22, 1, new Float32Array(1)), RangeError);
  assert.throws(() => k.cqtHalve(HALF_BAND_TAPS, input, 23, 28, new Float32Array(28)), RangeError);
  assert.throws(() => k.cqtHalve(HALF_BAND_TAPS, input, 23, 2, new Float32Array(1)), RangeError);
  assert.throws(() => k.cqtHalve(HALF_BAND_TAPS.subarray(1), input, 23, 1, new Float32Array(1)), RangeError);
  // Frame plans: spectrum bins past the FFT's half, offsets that go back or do not cover the bins.
  const far = Int32Array.from(bank.bins);
  far[3] = bank.nFft / 2 + 1;
  assert.throws(() => plan(bank.offsets, far), RangeError);
  const back = Int32Array.from(bank.offsets);
  back[5] = back[4]! - 1;
  assert.throws(() => plan(back), RangeError);
  assert.throws(() => plan(bank.offsets, bank.bins.subarray(1)), RangeError);
  assert.throws(() => plan(bank.offsets, bank.bins, tables.subarray(1)), RangeError);
  // Frames: rows too few for the ring, more frames than it holds, samples already dropped.
  k.cqtFrames(frames, signal, 0, 0, 8, rows, 8);
  assert.throws(() => k.cqtFrames(frames, signal, 0, 0, 8, rows.subarray(1), 8), RangeError);
  assert.throws(() => k.cqtFrames(frames, signal, 0, 0, 9, rows, 8), RangeError);
  assert.throws(() => k.cqtFrames(frames, signal, 600, 2, 1, rows, 8), RangeError);
  assert.throws(() => k.cqtFrames(frames, signal, 0, -1, 1, rows, 8), RangeError);
  // Blocks: a hop that does not divide the block, a wrong kernel, more frames than a block has.
  const blockArgs = [packedRealFftTables(4096), twiddleTable(128)] as const;
  assert.throws(() => k.cqtBlockPlan(1024, 48, 0, 4096, bank.scale, ...blockArgs), RangeError);
  assert.throws(
    () => k.cqtBlockPlan(1024, 32, 0, 4096, bank.scale, packedRealFftTables(2048), blockArgs[1]),
    RangeError,
  );
  const block = k.cqtBlockPlan(1024, 32, 0, 4096, bank.scale, ...blockArgs);
  const kernel = new Float64Array(36 * 2 * 4096);
  const ring = new Float64Array(128 * PER_FRAME);
  k.cqtBlock(block, kernel, signal, 0, 0, 97, ring, 128);
  assert.throws(() => k.cqtBlock(block, kernel.subarray(2), signal, 0, 0, 97, ring, 128), RangeError);
  assert.throws(() => k.cqtBlock(block, kernel, signal, 0, 0, 98, ring, 128), RangeError);
  // Fold: a ring or chroma too short for the frames asked for.
  const chroma = new Float32Array(8 * 12);
  const weight = new Float64Array(PER_FRAME);
  const profile = new Float64Array(12);
  k.cqtFold(rows, 8, 0, 8, weight, chroma, profile);
  assert.throws(() => k.cqtFold(rows, 8, 0, 9, weight, chroma, profile), RangeError);
  assert.throws(() => k.cqtFold(rows, 8, 0, 8, weight, chroma.subarray(1), profile), RangeError);
  assert.throws(() => k.cqtFold(rows, 9, 0, 8, weight, chroma, profile), RangeError);
  // A plan of another kind, a 64-bit array where 32-bit samples go, a plain array: refused before C.
  const fft = k.realPlan(16, new Float64Array(16), new Float64Array(9), new Float64Array(9));
  assert.throws(() => k.cqtFrames(block, signal, 0, 0, 1, rows, 8), TypeError);
  assert.throws(() => k.cqtFrames(fft, signal, 0, 0, 1, rows, 8), TypeError);
  assert.throws(() => k.cqtBlock(frames, kernel, signal, 0, 0, 1, ring, 128), TypeError);
  const bad = k as unknown as Record<string, (...args: unknown[]) => void>;
  assert.throws(() => bad.cqtFrames!(frames, new Float64Array(16), 0, 0, 1, rows, 8), TypeError);
  assert.throws(() => bad.cqtHalve!(HALF_BAND_TAPS, [0, 1], 23, 0, new Float32Array(1)), TypeError);
  assert.throws(
    () => bad.cqtFramePlan!(1024, 512, 216, [0], bank.bins, filters, bank.scale, tables),
    TypeError,
  );
  assert.throws(() => bad.cqtFold!(rows), TypeError);
});
