// The per-frame building blocks against plain reference computations: the
// half-length real FFT against a direct DFT, per-hop zero crossings and energy
// against whole-frame counts, spectral contrast against sorting, and the folded
// MFCC DCT against the full matrix product.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOP, N_BINS, N_FFT, N_MELS, N_MFCC } from '../constants';
import { dctMatrix, contrastBands, melFilterbank } from '../filterbanks';
import { COL, FrameTable } from '../frame-columns';
import { HopStats } from '../hop-stats';
import { MelFrame, TOP_DB } from '../mel-frame';
import { RealFft } from '../../audio/real-fft';
import { SpectralContrast, finishContrast } from '../spectral-contrast';
import { TuningEstimator } from '../tuning';

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

test("SpectralContrast: librosa's bands and 2% extremes; contrast in dB with floors 80 dB under the largest", () => {
  // librosa's band edges at 22,050 Hz / 2048: band 0 is bins 0-17, band 3 (800-1600 Hz)
  // starts a bin lower (74) and sizes its quantile on 75 bins, so it averages 2.
  const bands = contrastBands();
  assert.deepEqual(bands[0], { start: 0, end: 18, count: 19 });
  assert.deepEqual(bands[3], { start: 74, end: 148, count: 75 });
  assert.equal(bands[6]!.end, N_BINS);
  const table = new FrameTable();
  const mags = [0, 1].map((seed) =>
    Float64Array.from(noise(N_BINS, 3 + seed), (v, k) => Math.abs(v) / (1 + k / 50)),
  );
  // The second frame is 100 dB quieter: its valleys fall under the floor.
  mags[1] = mags[1]!.map((v) => v * 1e-5);
  const contrast = new SpectralContrast();
  for (const mag of mags) contrast.writeInto(mag, table.appendRow());
  finishContrast(table);
  const db = (x: number): number => 10 * Math.log10(Math.max(1e-10, x));
  const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
  const peaks: number[][] = [];
  const valleys: number[][] = [];
  for (const mag of mags) {
    const p: number[] = [];
    const v: number[] = [];
    bands.forEach((band) => {
      const values = Array.from(mag.subarray(band.start, band.end)).sort((x, y) => x - y);
      const k = Math.max(1, Math.round(0.02 * band.count));
      p.push(mean(values.slice(-k)));
      v.push(mean(values.slice(0, k)));
    });
    peaks.push(p);
    valleys.push(v);
  }
  const peakFloor = Math.max(...peaks.flat().map(db)) - 80;
  const valleyFloor = Math.max(...valleys.flat().map(db)) - 80;
  for (let t = 0; t < 2; t++)
    bands.forEach((_, b) => {
      const want = Math.max(peakFloor, db(peaks[t]![b]!)) - Math.max(valleyFloor, db(valleys[t]![b]!));
      const got = table.get(t, COL.contrast + b);
      assert.ok(Math.abs(got - want) < 1e-3, `frame ${t} band ${b}: ${got} vs ${want}`);
    });
});

test('MelFrame: MFCCs are the full DCT of the log-mel floored 80 dB under its maximum; onsets lag 3 frames', () => {
  const powers = [4, 5, 6].map((seed, i) =>
    Float64Array.from(noise(N_BINS, seed), (v) => (v + 1) * 10 ** (3 - 4 * i)),
  );
  const mel = new MelFrame();
  const table = new FrameTable();
  for (const p of powers) {
    mel.push(p);
    table.appendRow();
  }
  // Three more silent frames so the onset of the first rise shows (it lands 3 frames on).
  for (let i = 0; i < 3; i++) {
    mel.push(new Float64Array(N_BINS));
    table.appendRow();
  }
  mel.finish(table);
  const raw = powers.map((power) =>
    melFilterbank().map((f) => {
      let acc = 0;
      f.weights.forEach((w, i) => (acc += w * power[f.start + i]!));
      return 10 * Math.log10(Math.max(Math.fround(acc), 1e-10));
    }),
  );
  const floor = Math.max(...raw.flat()) - TOP_DB;
  const dct = dctMatrix();
  raw.forEach((dbs, t) => {
    const melDb = dbs.map((v) => Math.max(floor, v));
    for (let c = 0; c < N_MFCC; c++) {
      let want = 0;
      for (let m = 0; m < N_MELS; m++) want += dct[c * N_MELS + m]! * melDb[m]!;
      const got = table.get(t, COL.mfcc + c);
      assert.ok(
        Math.abs(got - want) < 1e-3 * (1 + Math.abs(want)),
        `frame ${t} mfcc ${c}: ${got} vs ${want}`,
      );
    }
  });
  for (let t = 0; t < 3; t++) assert.equal(table.get(t, COL.onset), 0, `frame ${t} has no onset yet`);
  // Frames 1 and 2 fall (by 40 dB): no rise, so frames 4 and 5 read 0 as well.
  assert.equal(table.get(4, COL.onset), 0);
  assert.equal(table.get(5, COL.onset), 0);
});

test('MelFrame.fillRange: a run of frames is floored and its onsets start as in a signal of its own', () => {
  // Frame 0 is 60 dB louder than the rest: the whole signal's floor sits under the
  // quiet frames' low bands, the run's (frames 2..7) 60 dB higher.
  const powers = Array.from({ length: 8 }, (_, i) =>
    Float64Array.from(noise(N_BINS, 10 + i), (v, k) => (v + 1.1) * (i === 0 ? 1e6 : 1) * 10 ** (-k / 100)),
  );
  const whole = new MelFrame();
  const alone = new MelFrame();
  powers.forEach((p, i) => {
    whole.push(p);
    if (i >= 2) alone.push(p);
  });
  const wholeTable = new FrameTable();
  const runTable = new FrameTable();
  const aloneTable = new FrameTable();
  for (let i = 0; i < 8; i++) wholeTable.appendRow();
  for (let i = 0; i < 6; i++) {
    runTable.appendRow();
    aloneTable.appendRow();
  }
  whole.finish(wholeTable);
  whole.fillRange(runTable, 2, 6);
  alone.finish(aloneTable);
  const columns = [COL.onset, COL.onsetMedian, ...Array.from({ length: N_MFCC }, (_, c) => COL.mfcc + c)];
  let differsFromWhole = false;
  for (let t = 0; t < 6; t++)
    for (const c of columns) {
      assert.equal(runTable.get(t, c), aloneTable.get(t, c), `frame ${t} column ${c}`);
      if (runTable.get(t, c) !== wholeTable.get(t + 2, c)) differsFromWhole = true;
    }
  assert.ok(differsFromWhole, "the run's own floor and onset start change its values");
  assert.throws(() => whole.fillRange(runTable, 3, 6), /outside/);
});

test("TuningEstimator.estimate(from, to): a run of frames' tuning, as if only those frames were pushed", () => {
  // Frames 0-3 hold a partial a quarter of a bin sharper than frames 4-7's.
  const frameOf = (hz: number): Float64Array => {
    const x = Float64Array.from(
      { length: N_FFT },
      (_, n) => Math.sin((2 * Math.PI * hz * n) / 22_050) * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / N_FFT)),
    );
    const power = new Float64Array(N_BINS);
    new RealFft(N_FFT).powerInto(x, power);
    return power.map(Math.sqrt);
  };
  const onGrid = 440 * 2 ** (3 / 36);
  const sharp = onGrid * 2 ** (0.25 / 36);
  const whole = new TuningEstimator();
  const run = new TuningEstimator();
  for (let t = 0; t < 8; t++) {
    const mag = frameOf(t < 4 ? sharp : onGrid);
    whole.push(mag);
    if (t >= 4) run.push(mag);
  }
  assert.equal(whole.estimate(4, 8), run.estimate());
  // About a quarter of a bin apart (the peak interpolation's bias differs a little).
  const apart = whole.estimate(0, 4) - run.estimate();
  assert.ok(apart > 0.15 && apart < 0.4, `sharp by ${apart}`);
  assert.equal(whole.estimate(), whole.estimate(0, 8));
});
