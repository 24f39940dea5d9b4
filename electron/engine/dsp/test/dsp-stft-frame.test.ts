// The native STFT frame kernel (dsp/src/stft-frame.c, analysis/native-frame.ts) must
// give what FrameAnalyzer's TypeScript parts give, bit for bit: every row value, every
// stored log-mel value and each frame's loudest one, every tuning peak, on music-like
// signals, noise, silence, a signal shorter than a frame and odd push sizes; and its
// entries must refuse arrays that do not fit their plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_COUNT } from '../../analysis/frame-columns';
import { FrameAnalyzer } from '../../analysis/frame-analyzer';
import { N_FFT, N_MELS } from '../../analysis/constants';
import { nativeDsp } from '../native-dsp';

const dsp = nativeDsp();
const skip = dsp ? false : 'the native kernels are not built here (see dsp/native-dsp.ts)';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** Tones that glide and swell, over a little noise, with a silent stretch and a click. */
function music(length: number, seed: number): Float32Array {
  const rand = lcg(seed);
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const t = i / 22_050;
    const swell = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.3 * t);
    x[i] =
      0.4 * swell * Math.sin(2 * Math.PI * (220 + 3 * t) * t) +
      0.2 * Math.sin(2 * Math.PI * 443.7 * t) * Math.sin(2 * Math.PI * 2 * t) +
      0.01 * rand();
  }
  x.fill(0, Math.floor(length / 3), Math.floor(length / 3) + 5000);
  x[Math.floor(length / 2)] = 0.99;
  return x;
}

function noise(length: number, seed: number): Float32Array {
  const rand = lcg(seed);
  return Float32Array.from({ length }, () => rand());
}

/** Analyses `x` pushed in blocks of `block` samples. */
function analyse(x: Float32Array, block: number, native: boolean): FrameAnalyzer {
  const analyzer = new FrameAnalyzer(native ? dsp : null);
  for (let i = 0; i < x.length; i += block) analyzer.push(x.subarray(i, Math.min(x.length, i + block)));
  analyzer.finish();
  return analyzer;
}

/** What the kernel hands on that finish() does not show directly: the stored log-mel and tuning peaks. */
type Kept = {
  chunks: Float32Array[];
  frameMax: Float64Array;
  count: number;
  peaks: Float64Array;
  peakCount: number;
};
function kept(analyzer: FrameAnalyzer): Kept {
  const mel = analyzer.mel as unknown as Kept;
  const tuning = analyzer.tuning as unknown as Kept;
  return { ...mel, peaks: tuning.peaks, peakCount: tuning.peakCount };
}

function assertSameAnalysis(got: FrameAnalyzer, want: FrameAnalyzer, what: string): void {
  assert.equal(got.frames.length, want.frames.length, `${what}: frames`);
  for (let t = 0; t < want.frames.length; t++)
    for (let c = 0; c < COLUMN_COUNT; c++) {
      const [g, w] = [got.frames.get(t, c), want.frames.get(t, c)];
      if (!Object.is(g, w)) assert.fail(`${what}: frame ${t} column ${c}: ${g} vs ${w}`);
    }
  const [g, w] = [kept(got), kept(want)];
  assert.equal(g.count, w.count, `${what}: log-mel rows`);
  for (let t = 0; t < w.count; t++)
    if (!Object.is(g.frameMax[t], w.frameMax[t])) assert.fail(`${what}: frame ${t} loudest mel value`);
  // Rows of N_MELS values in chunks of 4,096 rows (mel-frame.ts).
  for (let t = 0; t < w.count; t++)
    for (let m = 0; m < N_MELS; m++) {
      const at = (t % 4096) * N_MELS + m;
      const [gv, wv] = [g.chunks[t >> 12]![at], w.chunks[t >> 12]![at]];
      if (!Object.is(gv, wv)) assert.fail(`${what}: frame ${t} log-mel ${m}: ${gv} vs ${wv}`);
    }
  assert.equal(g.peakCount, w.peakCount, `${what}: tuning peaks`);
  for (let i = 0; i < 2 * w.peakCount; i++)
    assert.ok(
      Object.is(g.peaks[i], w.peaks[i]),
      `${what}: peak ${i >> 1} ${i % 2 ? 'magnitude' : 'frequency'}`,
    );
  assert.ok(Object.is(got.tuning.estimate(), want.tuning.estimate()), `${what}: tuning`);
}

test(
  'native STFT frames equal the TypeScript ones bit for bit: rows, log-mel, tuning peaks',
  { skip },
  () => {
    const cases: [string, Float32Array, number][] = [
      ['music', music(22_050 * 6, 1), 4096],
      ['music in odd blocks', music(22_050 * 2, 2), 777],
      ['noise', noise(22_050 * 2, 3), 1000],
      ['silence', new Float32Array(22_050), 4096],
      ['shorter than a frame', noise(N_FFT / 2 + 3, 4), 100],
      ['one sample', noise(1, 5), 1],
    ];
    for (const [what, x, block] of cases) {
      const want = analyse(x, block, false);
      assert.ok(want.frames.length > 0, what);
      assertSameAnalysis(analyse(x, block, true), want, what);
    }
  },
);

test('the native STFT frame kernel refuses arrays that do not fit its plan', { skip }, () => {
  const kernels = dsp!;
  const t = (n: number): Float64Array => new Float64Array(n);
  // A small valid plan: 16-point frames, hop 4, two mel bands, one contrast band.
  const layout = Float64Array.from([4, 1, 6, 0.1, 0.85, 1, 16, 1e-10, 0, 1, 2, 3, 4, 5, 6]);
  const mel = Float64Array.from([0, 2, 0, 2, 4]);
  const plan = kernels.stftFramePlan(
    t(16),
    t(9),
    t(9),
    t(16),
    mel,
    t(4),
    Float64Array.from([0, 9, 1]),
    layout,
  );
  // Rows of 7 values; peaks at bins 1..6, so at most 3 a frame.
  const rows = new Float32Array(14);
  const x = new Float32Array(16);
  assert.equal(kernels.stftFrame(plan, x, 0, rows, 7, t(2), t(8), 2), 0);
  assert.throws(() => kernels.stftFrame(plan, x, 1, rows, 0, t(2), t(6), 0), RangeError);
  assert.throws(() => kernels.stftFrame(plan, new Float32Array(20), -1, rows, 0, t(2), t(6), 0), RangeError);
  assert.throws(() => kernels.stftFrame(plan, x, 0, rows, 8, t(2), t(6), 0), RangeError);
  assert.throws(() => kernels.stftFrame(plan, x, 0, rows, -1, t(2), t(6), 0), RangeError);
  assert.throws(() => kernels.stftFrame(plan, x, 0, rows, 0, t(1), t(6), 0), RangeError);
  assert.throws(() => kernels.stftFrame(plan, x, 0, rows, 0, t(2), t(5), 0), RangeError);
  assert.throws(() => kernels.stftFrame(plan, x, 0, rows, 0, t(2), t(8), 3), RangeError);
  assert.throws(() => kernels.stftFrame(plan, x, 0, rows, 0, t(2), t(8), -2), RangeError);
  const bad = (change: (args: Float64Array[]) => void): void => {
    const args = [t(16), t(9), t(9), t(16), mel.slice(), t(4), Float64Array.from([0, 9, 1]), layout.slice()];
    change(args);
    assert.throws(
      () =>
        kernels.stftFramePlan(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!, args[5]!, args[6]!, args[7]!),
      RangeError,
    );
  };
  bad((a) => (a[3] = t(12))); // not a power of two
  bad((a) => (a[1] = t(8))); // cos table too short
  bad((a) => (a[7]![0] = 3)); // an odd hop
  bad((a) => (a[7]![0] = 4.5)); // not a whole number
  bad((a) => (a[7]![2] = 8)); // tuning peaks need a bin either side
  bad((a) => (a[4]![1] = 8)); // a mel filter past the last bin
  bad((a) => (a[4]![4] = 5)); // offsets past the weights
  bad((a) => (a[6]![1] = 10)); // a contrast band past the last bin
  bad((a) => (a[6]![2] = 0)); // a contrast band taking no bins
  bad((a) => (a[7] = t(14))); // a short layout
  // A Float64Array for samples, or something that is not a plan, never reaches C.
  const foreign = kernels as unknown as Record<string, (...args: unknown[]) => void>;
  assert.throws(() => foreign.stftFrame!(plan, t(16), 0, rows, 0, t(2), t(6), 0), TypeError);
  assert.throws(() => foreign.stftFrame!({}, x, 0, rows, 0, t(2), t(6), 0), TypeError);
  assert.throws(() => foreign.stftFrame!(plan, x, 0, rows, 0, t(2), t(6)), TypeError);
});
