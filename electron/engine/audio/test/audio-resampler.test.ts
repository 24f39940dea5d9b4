// The resampler: exact output length, accuracy in the passband, rejection above the
// new Nyquist frequency, unit gain at DC, and identical results for any chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resampler } from '../resampler';
import { downmixToMono } from '../downmix';
import { concatFloat32 } from '../../test/fixtures/float-arrays';

function sine(freq: number, rate: number, n: number, amp = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

function resampleAll(
  input: Float32Array,
  inRate: number,
  outRate: number,
  chunk = input.length,
): Float32Array {
  const r = new Resampler(inRate, outRate);
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(r.push(input.subarray(i, i + chunk)).slice());
  parts.push(r.flush());
  return concatFloat32(parts);
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (to - from));
}

test('output length is ceil(n * out / in) for common rates, and the same rate passes through', () => {
  for (const [inRate, n] of [
    [44_100, 44_101],
    [48_000, 48_000],
    [96_000, 12_345],
    [32_000, 999],
    [16_000, 16_001],
    [22_050, 5000],
  ] as const) {
    const out = resampleAll(sine(440, inRate, n), inRate, 22_050, 1000);
    assert.equal(out.length, Math.ceil((n * 22_050) / inRate), `${inRate} Hz`);
  }
  const same = sine(440, 22_050, 100);
  assert.deepEqual(resampleAll(same, 22_050, 22_050), same);
});

test('a 1 kHz tone comes out as the same tone at the new rate, with no delay', () => {
  for (const inRate of [44_100, 48_000, 16_000]) {
    const out = resampleAll(sine(1000, inRate, inRate), inRate, 22_050, 777);
    const want = sine(1000, 22_050, out.length);
    let maxErr = 0;
    for (let i = 200; i < out.length - 200; i++) maxErr = Math.max(maxErr, Math.abs(out[i]! - want[i]!));
    assert.ok(maxErr < 2e-3, `${inRate} Hz: max error ${maxErr}`);
  }
});

test('tones above the new Nyquist frequency are removed (no aliasing), tones well below are kept', () => {
  const out15k = resampleAll(sine(15_000, 44_100, 44_100), 44_100, 22_050);
  const out13k = resampleAll(sine(12_500, 48_000, 48_000), 48_000, 22_050);
  const out8k = resampleAll(sine(8_000, 44_100, 44_100), 44_100, 22_050);
  const db = (x: Float32Array): number => 20 * Math.log10(rms(x, 200, x.length - 200) / (0.5 / Math.SQRT2));
  assert.ok(db(out15k) < -60, `15 kHz leaks at ${db(out15k).toFixed(1)} dB`);
  assert.ok(db(out13k) < -50, `12.5 kHz leaks at ${db(out13k).toFixed(1)} dB`);
  assert.ok(Math.abs(db(out8k)) < 0.5, `8 kHz changed by ${db(out8k).toFixed(2)} dB`);
});

test('DC stays DC, and chunking does not change a single sample', () => {
  const dc = resampleAll(new Float32Array(10_000).fill(0.25), 48_000, 22_050, 333);
  for (let i = 100; i < dc.length - 100; i++) assert.ok(Math.abs(dc[i]! - 0.25) < 1e-6);
  const noise = Float32Array.from({ length: 20_000 }, (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011));
  const whole = resampleAll(noise, 44_100, 22_050);
  for (const chunk of [1, 17, 4096])
    assert.deepEqual(resampleAll(noise, 44_100, 22_050, chunk), whole, `chunk ${chunk}`);
});

test('downmix averages channels: a mono signal duplicated on two channels is unchanged', () => {
  const x = sine(300, 22_050, 1000);
  assert.deepEqual(downmixToMono([x, x.slice()]), x);
  const m = downmixToMono([Float32Array.of(1, 0.5), Float32Array.of(-1, 0.5), Float32Array.of(0.3, 0.5)]);
  assert.ok(Math.abs(m[0]! - 0.1) < 1e-7 && Math.abs(m[1]! - 0.5) < 1e-7);
});
