// The 2:1 decimator (44.1 -> 22.05 kHz) against the general polyphase resampler:
// the same filter, so the same output; stereo blocks averaged on the way in equal
// a downmix followed by the decimator; and any chunking gives the same samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downmixToMono } from '../audio/downmix';
import { HalfRateDecimator } from '../audio/half-rate-decimator';
import { PolyphaseResampler } from '../audio/polyphase-resampler';
import { Resampler } from '../audio/resampler';
import { concatFloat32 } from './fixtures/float-arrays';

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

test('the 2:1 decimator equals the general polyphase filter at the same ratio', () => {
  for (const n of [1, 2, 3, 63, 64, 1001, 20_000]) {
    const x = signal(n, 1);
    const fast = run(new HalfRateDecimator(), x, 4096);
    const general = run(new PolyphaseResampler(1, 2), x, 4096);
    assert.equal(fast.length, Math.ceil(n / 2), `length for ${n}`);
    assert.equal(general.length, fast.length);
    for (let i = 0; i < fast.length; i++)
      assert.ok(Math.abs(fast[i]! - general[i]!) < 1e-6, `n ${n}, sample ${i}`);
  }
});

test('the 2:1 decimator gives the same samples for any chunking, odd sizes included', () => {
  const x = signal(9_999, 2);
  const whole = run(new HalfRateDecimator(), x, x.length);
  for (const chunk of [1, 2, 7, 333, 4096])
    assert.deepEqual(run(new HalfRateDecimator(), x, chunk), whole, `chunk ${chunk}`);
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
