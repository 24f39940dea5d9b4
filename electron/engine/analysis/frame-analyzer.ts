// The streaming half of the analysis: takes mono 22,050 Hz samples in any block
// sizes and turns each centred STFT frame (FFT 2048, hop 512, periodic Hann) into
// one row of per-frame values (see frame-columns.ts). The samples themselves are
// dropped as soon as every frame that needs them is done.
import FFT from 'fft.js';
import { HOP, N_BINS, N_CHROMA, N_FFT, N_MELS, N_MFCC, binFrequency } from './constants';
import { COL, FrameTable } from './frame-columns';
import { chromaFilterbank, contrastBands, dctMatrix, melFilterbank } from './filterbanks';
import { tonnetzInto } from './tonnetz';

/**
 * Floor of the log-mel spectrum in dB. A full-scale tone peaks near +50 dB here, so
 * this is about 80 dB below it (the role librosa's top_db plays): quieter noise
 * cannot make onsets or move the MFCCs.
 */
export const MEL_DB_FLOOR = -30;
const ROLLOFF_FRACTION = 0.85;
const CONTRAST_QUANTILE = 0.02;

class Tables {
  readonly fft = new FFT(N_FFT);
  readonly window = new Float64Array(N_FFT);
  readonly mel = melFilterbank();
  readonly dct = dctMatrix();
  readonly chroma = chromaFilterbank();
  readonly bands = contrastBands();
  readonly freqs = new Float64Array(N_BINS);
  constructor() {
    // Periodic Hann, as used for spectral analysis.
    for (let n = 0; n < N_FFT; n++) this.window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / N_FFT);
    for (let k = 0; k < N_BINS; k++) this.freqs[k] = binFrequency(k);
  }
}

let tables: Tables | null = null;
function getTables(): Tables {
  tables ??= new Tables();
  return tables;
}

/** Mean of the k smallest and of the k largest values of xs[start, end), in one pass. */
function extremesMean(
  xs: Float64Array,
  start: number,
  end: number,
  k: number,
): { low: number; high: number } {
  const low: number[] = [];
  const high: number[] = [];
  for (let i = start; i < end; i++) {
    const v = xs[i]!;
    if (low.length < k || v < low[low.length - 1]!) {
      let j = low.length < k ? low.length : k - 1;
      if (low.length < k) low.push(v);
      while (j > 0 && low[j - 1]! > v) {
        low[j] = low[j - 1]!;
        j--;
      }
      low[j] = v;
    }
    if (high.length < k || v > high[high.length - 1]!) {
      let j = high.length < k ? high.length : k - 1;
      if (high.length < k) high.push(v);
      while (j > 0 && high[j - 1]! < v) {
        high[j] = high[j - 1]!;
        j--;
      }
      high[j] = v;
    }
  }
  const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  return { low: mean(low), high: mean(high) };
}

export class FrameAnalyzer {
  readonly frames = new FrameTable();
  private readonly t = getTables();
  /** Virtual signal = N_FFT/2 zeros, the samples, N_FFT/2 zeros (librosa's centring). */
  private buf = new Float32Array(N_FFT * 8);
  private bufLen = N_FFT / 2;
  private samplesIn = 0;
  private finished = false;
  private readonly windowed = new Float64Array(N_FFT);
  private readonly spectrum: number[];
  private readonly mag = new Float64Array(N_BINS);
  private readonly power = new Float64Array(N_BINS);
  private readonly melDb = new Float64Array(N_MELS);
  private readonly prevMelDb = new Float64Array(N_MELS);
  private readonly chroma = new Float64Array(N_CHROMA);

  constructor() {
    this.spectrum = this.t.fft.createComplexArray() as number[];
  }

  get sampleCount(): number {
    return this.samplesIn;
  }

  push(samples: Float32Array): void {
    if (this.finished) throw new Error('FrameAnalyzer: push after finish');
    this.samplesIn += samples.length;
    if (this.bufLen + samples.length > this.buf.length) {
      const next = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + samples.length));
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    this.buf.set(samples, this.bufLen);
    this.bufLen += samples.length;
    this.drain(Infinity);
  }

  /** Pads the end and analyses the last frames: 1 + floor(samples / HOP) frames in all. */
  finish(): FrameTable {
    if (this.finished) return this.frames;
    this.finished = true;
    const pad = new Float32Array(N_FFT / 2);
    this.push0(pad);
    this.drain(1 + Math.floor(this.samplesIn / HOP));
    return this.frames;
  }

  private push0(pad: Float32Array): void {
    if (this.bufLen + pad.length > this.buf.length) {
      const next = new Float32Array(this.bufLen + pad.length);
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    this.buf.set(pad, this.bufLen);
    this.bufLen += pad.length;
  }

  private drain(maxFrames: number): void {
    let offset = 0;
    while (offset + N_FFT <= this.bufLen && this.frames.length < maxFrames) {
      this.analyseFrame(this.buf, offset);
      offset += HOP;
    }
    if (offset > 0) {
      this.buf.copyWithin(0, offset, this.bufLen);
      this.bufLen -= offset;
    }
  }

  private analyseFrame(buf: Float32Array, at: number): void {
    const { t, windowed, spectrum, mag, power } = this;
    const row = this.frames.appendRow();
    const first = this.frames.length === 1;

    // Time domain: zero-crossing rate and RMS over the unwindowed frame.
    let crossings = 0;
    let energy = 0;
    let prevPositive = buf[at]! >= 0;
    for (let n = 0; n < N_FFT; n++) {
      const x = buf[at + n]!;
      energy += x * x;
      const positive = x >= 0;
      if (positive !== prevPositive) crossings++;
      prevPositive = positive;
      windowed[n] = x * t.window[n]!;
    }
    row[COL.zcr] = crossings / N_FFT;
    row[COL.rms] = Math.sqrt(energy / N_FFT);

    t.fft.realTransform(spectrum, windowed);
    let magSum = 0;
    let weightedFreq = 0;
    for (let k = 0; k < N_BINS; k++) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      const p = re * re + im * im;
      power[k] = p;
      const m = Math.sqrt(p);
      mag[k] = m;
      magSum += m;
      weightedFreq += m * t.freqs[k]!;
    }

    // Centroid, bandwidth and roll-off from the magnitude spectrum.
    const centroid = magSum > 0 ? weightedFreq / magSum : 0;
    let spread = 0;
    let rolloffBin = 0;
    if (magSum > 0) {
      const threshold = ROLLOFF_FRACTION * magSum;
      let cum = 0;
      rolloffBin = -1;
      for (let k = 0; k < N_BINS; k++) {
        const d = t.freqs[k]! - centroid;
        spread += mag[k]! * d * d;
        cum += mag[k]!;
        if (rolloffBin < 0 && cum >= threshold) rolloffBin = k;
      }
    }
    row[COL.centroid] = centroid;
    row[COL.bandwidth] = magSum > 0 ? Math.sqrt(spread / magSum) : 0;
    row[COL.rolloff] = t.freqs[Math.max(0, rolloffBin)]!;

    // Spectral contrast: peak vs valley of each octave band, in dB.
    t.bands.forEach((band, b) => {
      const n = band.end - band.start;
      const k = Math.max(1, Math.round(CONTRAST_QUANTILE * n));
      const { low, high } = extremesMean(mag, band.start, band.end, k);
      row[COL.contrast + b] = 10 * Math.log10(Math.max(high, 1e-10)) - 10 * Math.log10(Math.max(low, 1e-10));
    });

    // Log-mel, onset strength (positive spectral flux of log-mel) and MFCC.
    let flux = 0;
    for (let m = 0; m < N_MELS; m++) {
      const f = t.mel[m]!;
      let acc = 0;
      for (let i = 0; i < f.weights.length; i++) acc += f.weights[i]! * power[f.start + i]!;
      const db = Math.max(MEL_DB_FLOOR, 10 * Math.log10(Math.max(acc, 1e-10)));
      if (!first) flux += Math.max(0, db - this.prevMelDb[m]!);
      this.melDb[m] = db;
    }
    this.prevMelDb.set(this.melDb);
    row[COL.onset] = flux / N_MELS;
    for (let c = 0; c < N_MFCC; c++) {
      let acc = 0;
      const off = c * N_MELS;
      for (let m = 0; m < N_MELS; m++) acc += t.dct[off + m]! * this.melDb[m]!;
      row[COL.mfcc + c] = acc;
    }

    // Chroma from the power spectrum, scaled so the strongest class is 1.
    const { bins, offsets, classes, weights } = t.chroma;
    const chroma = this.chroma;
    chroma.fill(0);
    for (let i = 0; i < bins.length; i++) {
      const p = power[bins[i]!]!;
      if (p === 0) continue;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) chroma[classes[j]!]! += weights[j]! * p;
    }
    let max = 0;
    for (let c = 0; c < N_CHROMA; c++) max = Math.max(max, chroma[c]!);
    // Below this the frame is silence, and its chroma would be noise scaled up.
    const silent = max < 1e-8;
    for (let c = 0; c < N_CHROMA; c++) row[COL.chroma + c] = silent ? 0 : chroma[c]! / max;
    tonnetzInto(row.subarray(COL.chroma, COL.chroma + N_CHROMA), row, COL.tonnetz);
  }
}
