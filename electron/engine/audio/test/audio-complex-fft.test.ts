// ComplexFft must give fft.js's spectra bit for bit (it replaces it under the whole
// analysis, and the stored features must not move), forward and inverse, on every
// size shape (odd and even powers of two: radix-2 or radix-4 first pass).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import FFT from 'fft.js';
import { ComplexFft } from '../complex-fft';

test('ComplexFft equals fft.js bit for bit, forward and inverse, sizes 2 to 4096', () => {
  let s = 3;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  for (let size = 2; size <= 4096; size *= 2) {
    const data = Float64Array.from({ length: 2 * size }, rand);
    const reference = new FFT(size);
    const ours = new ComplexFft(size);
    const want = reference.createComplexArray() as number[];
    const got = new Float64Array(2 * size);
    for (const inverse of [false, true]) {
      if (inverse) {
        reference.inverseTransform(want, data);
        ours.inverseTransform(got, data);
      } else {
        reference.transform(want, data);
        ours.transform(got, data);
      }
      for (let i = 0; i < 2 * size; i++)
        assert.ok(Object.is(got[i], want[i]), `size ${size} ${inverse ? 'inverse' : 'forward'} [${i}]`);
    }
  }
  // And it is a DFT: a unit impulse at 1 gives exp(-2 pi i k / size).
  const impulse = new Float64Array(16);
  impulse[2] = 1;
  const spectrum = new Float64Array(16);
  new ComplexFft(8).transform(spectrum, impulse);
  for (let k = 0; k < 8; k++) {
    assert.ok(Math.abs(spectrum[2 * k]! - Math.cos((2 * Math.PI * k) / 8)) < 1e-15);
    assert.ok(Math.abs(spectrum[2 * k + 1]! + Math.sin((2 * Math.PI * k) / 8)) < 1e-15);
  }
});
