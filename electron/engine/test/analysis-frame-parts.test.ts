// The per-frame building blocks against plain reference computations: the
// half-length real FFT against a direct DFT, per-hop zero crossings and energy
// against whole-frame counts, spectral contrast against sorting, and the folded
// MFCC DCT against the full matrix product.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOP, N_BINS, N_FFT, N_MELS, N_MFCC } from '../analysis/constants';
import { dctMatrix, contrastBands, melFilterbank } from '../analysis/filterbanks';
import { COL, COLUMN_COUNT } from '../analysis/frame-columns';
import { HopStats } from '../analysis/hop-stats';
import { MEL_DB_FLOOR, MelFrame } from '../analysis/mel-frame';
import { RealFft } from '../analysis/real-fft';
import { SpectralContrast } from '../analysis/spectral-contrast';

/** Deterministic pseudo-random numbers in [-1, 1). */
function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

test('RealFft power equals a direct DFT of the real frame', () => {
  const size = 64;
  const x = noise(size, 1);
  const power = new Float64Array(size / 2 + 1);
  new RealFft(size).powerInto(x, power);
  for (let k = 0; k <= size / 2; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < size; n++) {
      re += x[n]! * Math.cos((2 * Math.PI * k * n) / size);
      im -= x[n]! * Math.sin((2 * Math.PI * k * n) / size);
    }
    const want = re * re + im * im;
    assert.ok(Math.abs(power[k]! - want) < 1e-9 * (1 + want), `bin ${k}: ${power[k]} vs ${want}`);
  }
  // The analysis size too, on a pure tone: all the energy in its bin.
  const tone = Float64Array.from({ length: N_FFT }, (_, n) => Math.cos((2 * Math.PI * 100 * n) / N_FFT));
  const spectrum = new Float64Array(N_BINS);
  new RealFft(N_FFT).powerInto(tone, spectrum);
  assert.ok(Math.abs(spectrum[100]! - (N_FFT / 2) ** 2) < 1e-6 * (N_FFT / 2) ** 2);
  assert.ok(spectrum[99]! < 1e-12 && spectrum[101]! < 1e-12);
});

test('HopStats gives each frame the zero-crossing rate and RMS of its own samples', () => {
  const samples = Float32Array.from(noise(N_FFT + 12 * HOP, 2), (v, i) => (i % 700 < 350 ? v : v + 0.8));
  // Exact zeros count as positive, as in the whole-frame definition.
  samples.fill(0, 3000, 3010);
  const stats = new HopStats();
  for (let f = 0; (f + 4) * HOP <= samples.length; f++) {
    const at = f * HOP;
    let crossings = 0;
    let energy = 0;
    for (let n = 0; n < N_FFT; n++) {
      energy += samples[at + n]! ** 2;
      if (n > 0 && samples[at + n]! >= 0 !== samples[at + n - 1]! >= 0) crossings++;
    }
    const got = stats.frame(f, samples, at);
    assert.equal(got.zcr, crossings / N_FFT, `frame ${f}`);
    assert.ok(Math.abs(got.rms - Math.sqrt(energy / N_FFT)) < 1e-12, `frame ${f}`);
  }
});

test('SpectralContrast equals the means of the sorted extremes of each band, in dB', () => {
  const mag = Float64Array.from(noise(N_BINS, 3), (v, k) => Math.abs(v) / (1 + k / 50));
  const row = new Float32Array(COLUMN_COUNT);
  new SpectralContrast().writeInto(mag, row, COL.contrast);
  contrastBands().forEach((band, b) => {
    const values = Array.from(mag.subarray(band.start, band.end)).sort((p, q) => p - q);
    const k = Math.max(1, Math.round(0.02 * values.length));
    const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
    const want = 10 * Math.log10(mean(values.slice(-k))) - 10 * Math.log10(mean(values.slice(0, k)));
    assert.ok(
      Math.abs(row[COL.contrast + b]! - want) < 1e-4,
      `band ${b}: ${row[COL.contrast + b]} vs ${want}`,
    );
  });
});

test('MelFrame MFCCs equal the full DCT of the log-mel spectrum', () => {
  const power = Float64Array.from(noise(N_BINS, 4), (v) => (v + 1) * 1e3);
  const row = new Float32Array(COLUMN_COUNT);
  new MelFrame().writeInto(power, row);
  const melDb = melFilterbank().map((f) => {
    let acc = 0;
    f.weights.forEach((w, i) => (acc += w * power[f.start + i]!));
    return Math.max(MEL_DB_FLOOR, 10 * Math.log10(Math.max(acc, 1e-10)));
  });
  const dct = dctMatrix();
  for (let c = 0; c < N_MFCC; c++) {
    let want = 0;
    for (let m = 0; m < N_MELS; m++) want += dct[c * N_MELS + m]! * melDb[m]!;
    assert.ok(Math.abs(row[COL.mfcc + c]! - want) < 1e-3 * (1 + Math.abs(want)), `mfcc ${c}`);
  }
  assert.equal(row[COL.onset], 0, 'the first frame has no onset');
});
