// FLAC's rescaling to WAV's scale (flac-decoder.ts) is Math.round(x * max) / 2^(bits-1)
// exactly, without calling Math.round: every value, signs of zeros included, at each
// bit depth, for what the decoder hands out (int / max in float32) and for values
// chosen to sit on the cases its two checks are there for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toWavScale } from '../flac-decoder';

function reference(v: number, bits: number): number {
  return Math.fround(Math.round(v * (2 ** (bits - 1) - 1)) / 2 ** (bits - 1));
}

test('FLAC rescaling equals Math.round(x * max) / 2^(bits-1) on every value', () => {
  for (const bits of [8, 16, 24, 32]) {
    const max = 2 ** (bits - 1) - 1;
    const values: number[] = [0, -0, 1, -1, 0.5 / max, -0.5 / max, 0.49999999999999994 / max, -0.3 / max];
    for (const k of [0, 1, -1, 2, -2, max, -max, -max - 1, max - 1, 12345 % max, -(6789 % max)]) {
      values.push(Math.fround(k / max));
    }
    // Pseudo-random samples as the decoder gives them, and midpoints between them.
    let seed = 1;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const k = Math.round((seed / 2 ** 31) * 2 * max - max);
      values.push(Math.fround(k / max), Math.fround((k + 0.5) / max));
    }
    const ch = new Float32Array(values);
    const r = toWavScale({
      channelData: [ch],
      samplesDecoded: ch.length,
      sampleRate: 44_100,
      errors: [],
      bitDepth: bits,
    });
    for (let i = 0; i < values.length; i++) {
      const want = reference(Math.fround(values[i]!), bits);
      assert.ok(
        Object.is(r.channelData[0]![i], want),
        `${bits} bits, value ${values[i]}: ${r.channelData[0]![i]} != ${want}`,
      );
    }
  }
});

// What the native decoder (dsp/src/flac.c) relies on to write int / 2^(bits-1) directly.
test('at 8, 16 and 24 bits the rescaled value is the integer over 2^(bits-1), for every integer', () => {
  for (const bits of [8, 16, 24]) {
    const full = 2 ** (bits - 1);
    const max = full - 1;
    const step = 1 << 20;
    for (let from = -full; from < full; from += step) {
      const n = Math.min(step, full - from);
      const ch = new Float32Array(n);
      for (let i = 0; i < n; i++) ch[i] = (from + i) / max;
      toWavScale({ channelData: [ch], samplesDecoded: n, sampleRate: 44_100, errors: [], bitDepth: bits });
      for (let i = 0; i < n; i++) {
        if (ch[i] !== Math.fround((from + i) / full))
          assert.fail(`${bits} bits, integer ${from + i}: ${ch[i]}`);
      }
    }
  }
});
