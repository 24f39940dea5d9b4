// The native 44.1 kHz halving, stereo downmix and rational resampler must give the
// TypeScript arithmetic's values bit for bit (stored features must not depend on
// whether a C compiler was there), on noise, tones, silence and edge sizes, and must
// refuse arrays or positions that do not fit instead of reading or writing past them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Downmixer, downmixToMono } from '../../audio/downmix';
import { HqHalfRateDecimator, decimateAll } from '../../audio/hq-half-rate';
import { PolyphaseResampler } from '../../audio/polyphase-resampler';
import { packedRealFftTables } from '../../audio/real-fft';
import { nativeDsp } from '../native-dsp';
import { assertSame, noiseSource } from './bit-exact';

const dsp = nativeDsp();
const skip = dsp ? false : 'the native kernels are not built here (see dsp/native-dsp.ts)';

function noise(length: number, seed: number, scale = 1): Float32Array {
  const next = noiseSource(seed);
  return Float32Array.from({ length }, () => scale * next());
}

function tone(length: number, cycles: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.8 * Math.sin(2 * Math.PI * cycles * i));
}

/**
 * Blocks of `chunk` frames through a decimator, stereo (or mono, the left channel,
 * when `right` is null); every output concatenated.
 */
function halve(
  decimator: HqHalfRateDecimator,
  left: Float32Array,
  right: Float32Array | null,
  chunk: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < left.length; i += chunk) {
    const block = left.subarray(i, i + chunk);
    out.push(...(right ? decimator.pushStereo(block, right.subarray(i, i + chunk)) : decimator.push(block)));
  }
  out.push(...decimator.flush());
  return out;
}

const SIGNALS: [string, Float32Array, Float32Array][] = [
  ['noise', noise(30_011, 1), noise(30_011, 2)],
  ['tones', tone(20_000, 0.01), tone(20_000, 0.2437)],
  ['silence', new Float32Array(9_000), new Float32Array(9_000)],
  ['loud and tiny', noise(8_193, 3, 2e4), noise(8_193, 4, 1e-30)],
  ['one sample', noise(1, 5), noise(1, 6)],
  ['empty', new Float32Array(0), new Float32Array(0)],
];

test(
  'native halving equals the TypeScript one bit for bit, stereo or mono, blocks of any size',
  { skip },
  () => {
    for (const [name, left, stereoRight] of SIGNALS)
      for (const right of [stereoRight, null])
        for (const chunk of [1, 1_000, 4_096, 50_000]) {
          if (chunk === 1 && left.length > 9_000) continue;
          const want = halve(new HqHalfRateDecimator(null), left, right, chunk);
          const got = halve(new HqHalfRateDecimator(dsp), left, right, chunk);
          const what = `${name} ${right ? 'stereo' : 'mono'}, blocks of ${chunk}`;
          assert.equal(want.length, Math.ceil(left.length / 2), `${what}: output length`);
          assertSame(got, want, what);
        }
  },
);

test('native decimateAll and downmix equal the TypeScript ones bit for bit', { skip }, () => {
  for (const [name, left, right] of SIGNALS) {
    for (const gain of [1, 0.3])
      assertSame(
        decimateAll(left, gain, dsp),
        decimateAll(left, gain, null),
        `${name}: decimateAll gain ${gain}`,
      );
    assertSame(downmixToMono([left, right], dsp), downmixToMono([left, right], null), `${name}: downmix`);
    assertSame(
      new Downmixer(dsp).mix([left, right]),
      new Downmixer(null).mix([left, right]),
      `${name}: Downmixer`,
    );
  }
});

/** Mono blocks of `chunk` samples through a resampler; every output concatenated. */
function resample(resampler: PolyphaseResampler, x: Float32Array, chunk: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i += chunk) out.push(...resampler.push(x.subarray(i, i + chunk)));
  out.push(...resampler.flush());
  return out;
}

test(
  'native rational resampler equals the TypeScript one bit for bit, any ratio and block size',
  { skip },
  () => {
    // 48 and 96 kHz down to 22.05 kHz, 16 kHz up to it, and a short filter (other options).
    const ratios: [number, number, object][] = [
      [147, 320, {}],
      [147, 640, {}],
      [441, 320, {}],
      [2, 3, { halfZeroCrossings: 4 }],
    ];
    for (const [up, down, options] of ratios)
      for (const [name, x] of SIGNALS.map(([n, left]) => [n, left] as const))
        for (const chunk of up === 147 && down === 320 ? [777, 4_096] : [4_096]) {
          const want = resample(new PolyphaseResampler(up, down, options, null), x, chunk);
          const got = resample(new PolyphaseResampler(up, down, options, dsp), x, chunk);
          assert.equal(want.length, Math.ceil((x.length * up) / down), `${name}: output length`);
          assertSame(got, want, `${up}/${down} ${name}, blocks of ${chunk}`);
        }
  },
);

test('native halving, downmix and resampler refuse arrays and positions that do not fit', { skip }, () => {
  const kernels = dsp!;
  const size = 4096;
  const filter = new Float64Array(size + 2);
  assert.throws(
    () => kernels.halfRatePlan(size, packedRealFftTables(size), packedRealFftTables(size), filter),
    RangeError,
  );
  assert.throws(
    () => kernels.halfRatePlan(3000, packedRealFftTables(size), packedRealFftTables(size / 2), filter),
    RangeError,
  );
  assert.throws(
    () =>
      kernels.halfRatePlan(
        size,
        packedRealFftTables(size),
        packedRealFftTables(size / 2),
        new Float64Array(size),
      ),
    RangeError,
  );
  const plan = kernels.halfRatePlan(size, packedRealFftTables(size), packedRealFftTables(size / 2), filter);
  const out = new Float32Array(100);
  kernels.halfRateBlock(plan, new Float32Array(size), 0, out, 0, 0, 100);
  assert.throws(() => kernels.halfRateBlock(plan, new Float32Array(size + 1), 0, out, 0, 0, 10), RangeError);
  assert.throws(() => kernels.halfRateBlock(plan, new Float32Array(10), size - 9, out, 0, 0, 10), RangeError);
  assert.throws(() => kernels.halfRateBlock(plan, new Float32Array(10), -1, out, 0, 0, 10), RangeError);
  assert.throws(() => kernels.halfRateBlock(plan, new Float32Array(10), 0, out, 91, 0, 10), RangeError);
  assert.throws(
    () => kernels.halfRateBlock(plan, new Float32Array(10), 0, out, 0, size / 2 - 5, 10),
    RangeError,
  );
  assert.throws(() => kernels.halfRateBlock(plan, new Float32Array(10), 0, out, 0, 0, -1), RangeError);
  const mono = new Float32Array(10);
  assert.throws(() => kernels.mixStereo(mono, 1, new Float32Array(10), new Float32Array(10)), RangeError);
  assert.throws(() => kernels.mixStereo(mono, 0, new Float32Array(10), new Float32Array(9)), RangeError);
  assert.throws(() => kernels.mixStereo(mono, 0, mono.subarray(2), new Float32Array(8)), RangeError);
  const bank = new Float64Array(3 * 4);
  assert.throws(() => kernels.polyphasePlan(3, 2, -1, 4, new Float64Array(11)), RangeError);
  assert.throws(() => kernels.polyphasePlan(3, 2, -1, 3, new Float64Array(9)), RangeError);
  assert.throws(() => kernels.polyphasePlan(0, 2, -1, 4, new Float64Array(0)), RangeError);
  const poly = kernels.polyphasePlan(3, 2, -1, 4, bank);
  const x = new Float32Array(20);
  // Output n reads buf[floor(2n / 3) - 1 - bufStart ..] four taps on: n = 25 is the last that fits.
  kernels.polyphaseRun(poly, x, 20, -1, 0, new Float32Array(26));
  assert.throws(() => kernels.polyphaseRun(poly, x, 20, -1, 0, new Float32Array(27)), RangeError);
  assert.throws(() => kernels.polyphaseRun(poly, x, 21, -1, 0, new Float32Array(1)), RangeError);
  assert.throws(() => kernels.polyphaseRun(poly, x, 20, 0, 0, new Float32Array(1)), RangeError);
  assert.throws(() => kernels.polyphaseRun(poly, x, 20, -1, -3, new Float32Array(1)), RangeError);
  assert.throws(() => kernels.polyphaseRun(poly, x, 20, -1.5, 0, new Float32Array(1)), RangeError);
  assert.throws(() => kernels.polyphaseRun(poly, x, 20, -1, 0.5, new Float32Array(1)), RangeError);
  assert.throws(() => kernels.polyphaseRun(poly, x, NaN, -1, 0, new Float32Array(1)), RangeError);
  // Wrong array types, and a plan of another kind where it is checked, never reach C.
  const bad = kernels as unknown as Record<string, (...args: unknown[]) => void>;
  assert.throws(() => bad.halfRateBlock!(plan, new Float64Array(10), 0, out, 0, 0, 1), TypeError);
  assert.throws(() => bad.polyphaseRun!(poly, new Float64Array(20), 20, -1, 0, out), TypeError);
  assert.throws(() => bad.polyphaseRun!({}, x, 20, -1, 0, out), TypeError);
  assert.throws(
    () => bad.mixStereo!(new Float64Array(10), 0, new Float32Array(10), new Float32Array(10)),
    TypeError,
  );
});
