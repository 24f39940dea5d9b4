// The 2:1 decimator (44.1 -> 22.05 kHz) against a direct convolution with its
// filter; the filter's response against soxr's HQ recipe (flat to 91.4% of the new
// Nyquist, 120 dB down at it); stereo blocks averaged on the way in equal a downmix
// followed by the decimator; and any chunking gives the same samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downmixToMono } from '../downmix';
import { HQ_REACH, HqHalfRateDecimator, hqTaps } from '../hq-half-rate';
import { Resampler } from '../resampler';
import { concatFloat32 } from '../../test/fixtures/float-arrays';

function signal(n: number, seed: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) => Math.sin(i * 0.37 * seed) * Math.cos(i * 0.011) + 0.3 * Math.sin(i * 2.9),
  );
}

function run(
  converter: { push(x: Float32Array): Float32Array; flush(): Float32Array },
  input: Float32Array,
  chunk: number,
): Float32Array {
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += chunk)
    parts.push(converter.push(input.subarray(i, i + chunk)).slice());
  parts.push(converter.flush());
  return concatFloat32(parts);
}

test('the 2:1 decimator equals a direct convolution with its filter, output n on input 2n', () => {
  const h = hqTaps();
  for (const n of [1, 2, 3, 63, 64, 1001, 20_000]) {
    const x = signal(n, 1);
    const fast = run(new HqHalfRateDecimator(), x, 4096);
    assert.equal(fast.length, Math.ceil(n / 2), `length for ${n}`);
    for (let i = 0; i < fast.length; i++) {
      let want = 0;
      for (let d = -HQ_REACH; d <= HQ_REACH; d++) {
        const at = 2 * i - d;
        if (at >= 0 && at < n) want += h[d + HQ_REACH]! * x[at]!;
      }
      assert.ok(Math.abs(fast[i]! - want) < 1e-5, `n ${n}, sample ${i}: ${fast[i]} vs ${want}`);
    }
  }
});

test("the filter's response: flat to 91.4% of the new Nyquist, at least 120 dB down from it on", () => {
  const h = hqTaps();
  const gainDb = (f: number): number => {
    let re = 0;
    for (let d = -HQ_REACH; d <= HQ_REACH; d++) re += h[d + HQ_REACH]! * Math.cos(2 * Math.PI * f * d);
    return 20 * Math.log10(Math.abs(re) + 1e-300);
  };
  // Frequencies in cycles per input sample: the new Nyquist is 0.25.
  for (let f = 0; f <= 0.25 * 0.9136; f += 0.001)
    assert.ok(Math.abs(gainDb(f)) < 0.01, `passband ${f}: ${gainDb(f)}`);
  for (let f = 0.25; f <= 0.5; f += 0.001) assert.ok(gainDb(f) < -118, `stopband ${f}: ${gainDb(f)}`);
});

test('the 2:1 decimator gives the same samples for any chunking, odd sizes included', () => {
  const x = signal(9_999, 2);
  const whole = run(new HqHalfRateDecimator(), x, x.length);
  for (const chunk of [1, 2, 7, 333, 4096])
    assert.deepEqual(run(new HqHalfRateDecimator(), x, chunk), whole, `chunk ${chunk}`);
});

test('stereo blocks fed to the resampler equal their downmix fed as mono', () => {
  const left = signal(7_777, 3);
  const right = signal(7_777, 4);
  for (const rate of [44_100, 48_000, 22_050]) {
    const viaMono = run(new Resampler(rate, 22_050), downmixToMono([left, right]), 1000);
    const stereo = new Resampler(rate, 22_050);
    const parts: Float32Array[] = [];
    for (let i = 0; i < left.length; i += 999)
      parts.push(stereo.pushChannels([left.subarray(i, i + 999), right.subarray(i, i + 999)]).slice());
    parts.push(stereo.flush());
    const viaStereo = Float32Array.from(parts.flatMap((p) => Array.from(p)));
    assert.deepEqual(viaStereo, viaMono, `${rate} Hz`);
  }
});
