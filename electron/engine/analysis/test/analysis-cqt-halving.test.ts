// The half-band halving between the constant-Q octaves: a direct convolution with
// its taps (output n on input 2n, silence around the stream), the same samples for
// any chunking, flat where the octaves' filters read and as rejecting as soxr's HQ
// filter where an alias would land there, and so the same samples as the HQ halving
// it replaces for sound in that band.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateAll } from '../../audio/hq-half-rate';
import { concatFloat32 } from '../../test/fixtures/float-arrays';
import { CqtHalver, HALF_BAND_REACH, HALF_BAND_TAPS } from '../cqt-halving';

function halve(x: Float32Array, chunk: number): Float32Array {
  const halver = new CqtHalver();
  const parts: Float32Array[] = [];
  for (let i = 0; i < x.length; i += chunk) parts.push(halver.push(x.subarray(i, i + chunk)).slice());
  parts.push(halver.flush());
  return concatFloat32(parts);
}

/** The tap at distance d (-REACH..REACH): 1/2 at the centre, zero at other even distances. */
function tap(d: number): number {
  if (d === 0) return 0.5;
  return Math.abs(d) % 2 === 0 ? 0 : HALF_BAND_TAPS[(Math.abs(d) - 1) / 2]!;
}

test('the half-band halving is a convolution with its taps, output n on input 2n, any chunking', () => {
  for (const n of [0, 1, 2, 3, 47, 48, 1001, 20_000]) {
    const x = Float32Array.from(
      { length: n },
      (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011) + 0.3 * Math.sin(i * 2.9),
    );
    const out = halve(x, 4096);
    assert.equal(out.length, Math.ceil(n / 2), `length for ${n}`);
    for (let m = 0; m < out.length; m++) {
      let want = 0;
      for (let d = -HALF_BAND_REACH; d <= HALF_BAND_REACH; d++) {
        const at = 2 * m + d;
        if (at >= 0 && at < n) want += tap(d) * x[at]!;
      }
      assert.ok(Math.abs(out[m]! - want) < 1e-6, `n ${n}, sample ${m}: ${out[m]} vs ${want}`);
    }
    for (const chunk of [1, 7, 333]) assert.deepEqual(halve(x, chunk), out, `n ${n}, chunks of ${chunk}`);
  }
});

test('flat to 45% of the new Nyquist frequency, 130 dB down from 155% of it on', () => {
  const gainDb = (f: number): number => {
    let re = 0;
    for (let d = -HALF_BAND_REACH; d <= HALF_BAND_REACH; d++) re += tap(d) * Math.cos(2 * Math.PI * f * d);
    return 20 * Math.log10(Math.abs(re) + 1e-300);
  };
  // Cycles per input sample: the new Nyquist frequency is 0.25.
  for (let f = 0; f <= 0.25 * 0.45; f += 0.0005)
    assert.ok(Math.abs(gainDb(f)) < 1e-5, `passband ${f}: ${gainDb(f)} dB`);
  for (let f = 0.25 * 1.55; f <= 0.5; f += 0.0005)
    assert.ok(gainDb(f) < -130, `stopband ${f}: ${gainDb(f)} dB`);
});

test('for sound below 45% of the new Nyquist frequency it gives the HQ halving samples', () => {
  const n = 30_000;
  // Partials up to 0.4 of the new Nyquist (0.1 cycles per input sample).
  const x = Float32Array.from(
    { length: n },
    (_, i) => 0.4 * Math.sin(i * 0.05) + 0.3 * Math.sin(i * 0.31 + 1) + 0.2 * Math.sin(i * 0.6),
  );
  const ours = halve(x, 5000);
  const hq = decimateAll(x);
  assert.equal(ours.length, hq.length);
  // Away from the ends (where each filter meets the silence around the stream in its own way).
  let worst = 0;
  for (let m = 200; m < ours.length - 200; m++) worst = Math.max(worst, Math.abs(ours[m]! - hq[m]!));
  assert.ok(worst < 2e-6, `largest difference ${worst}`);
});
