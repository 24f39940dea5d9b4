// The constant-Q chroma as it was computed before it became a stream: the whole
// signal halved octave by octave (with the stream's own halving, whose equivalence
// to the HQ one is tested apart) and the full matrix of 252 magnitudes a frame, one
// FFT per frame in every octave, folded at the end. Kept only as the reference the
// stream must equal up to rounding (analysis-cqt-stream.test.ts).
import { CqtHalver } from '../cqt-halving';
import { RealFft } from '../../audio/real-fft';
import { HOP, N_CHROMA } from '../constants';
import type { ChromaCqt } from '../cqt-chroma';
import { banksFor, type OctaveBank } from '../cqt-filters';
import { hypot2 } from '../hypot';

const BINS_PER_OCTAVE = 36;
const N_OCTAVES = 7;

function copyFrame(signal: Float32Array, start: number, frame: Float64Array): boolean {
  const n = frame.length;
  const from = Math.max(0, start);
  const to = Math.min(signal.length, start + n);
  if (from > start) frame.fill(0, 0, Math.min(n, from - start));
  if (to < start + n) frame.fill(0, Math.max(0, to - start));
  let any = false;
  for (let at = from, i = from - start; at < to; at++, i++) {
    const v = signal[at]!;
    frame[i] = v;
    if (v !== 0) any = true;
  }
  return any;
}

export function chromaCqtWhole(
  y: Float32Array,
  tuning: number,
  banks: OctaveBank[] = banksFor(tuning),
): ChromaCqt {
  const nFrames = 1 + Math.floor(y.length / HOP);
  const perFrame = N_OCTAVES * BINS_PER_OCTAVE;
  const cqt = new Float64Array(nFrames * perFrame);
  let signal = y;
  let hop = HOP;
  for (let o = 0; o < N_OCTAVES; o++) {
    const { nFft, offsets, bins, re, im, scale } = banks[o]!;
    const fft = new RealFft(nFft);
    const frame = new Float64Array(nFft);
    const spec = new Float64Array(nFft + 2);
    const firstBin = (N_OCTAVES - 1 - o) * BINS_PER_OCTAVE;
    let lowBin = nFft / 2;
    let highBin = 0;
    for (const k of bins) {
      lowBin = Math.min(lowBin, k);
      highBin = Math.max(highBin, k);
    }
    for (let t = 0; t < nFrames; t++) {
      if (!copyFrame(signal, t * hop - nFft / 2, frame)) continue;
      fft.spectrumInto(frame, spec, lowBin, highBin);
      const row = t * perFrame + firstBin;
      for (let j = 0; j < BINS_PER_OCTAVE; j++) {
        let sr = 0;
        let si = 0;
        for (let e = offsets[j]!; e < offsets[j + 1]!; e++) {
          const k = 2 * bins[e]!;
          sr += re[e]! * spec[k]! - im[e]! * spec[k + 1]!;
          si += re[e]! * spec[k + 1]! + im[e]! * spec[k]!;
        }
        cqt[row + j] = hypot2(sr, si) * scale[j]!;
      }
    }
    if (o < N_OCTAVES - 1) {
      signal = halveWhole(signal);
      hop /= 2;
    }
  }
  const chroma = new Float32Array(nFrames * N_CHROMA);
  const acc = new Float64Array(N_CHROMA);
  const keyAcc = new Float64Array(N_CHROMA);
  const keyProfile = new Array<number>(N_CHROMA).fill(0);
  const keyWeight = Float64Array.from({ length: perFrame }, (_, b) => {
    const octave = b / BINS_PER_OCTAVE;
    return octave < 2 ? 0 : Math.exp(-0.5 * ((octave - 4) / 1.5) ** 2);
  });
  for (let t = 0; t < nFrames; t++) {
    acc.fill(0);
    keyAcc.fill(0);
    for (let b = 0; b < perFrame; b++) {
      const c = Math.floor(((b + 1) % BINS_PER_OCTAVE) / 3);
      const v = cqt[t * perFrame + b]!;
      acc[c]! += v;
      keyAcc[c]! += v * keyWeight[b]!;
    }
    let max = 0;
    let keyMax = 0;
    for (let c = 0; c < N_CHROMA; c++) {
      max = Math.max(max, acc[c]!);
      keyMax = Math.max(keyMax, keyAcc[c]!);
    }
    if (keyMax > 1e-300) for (let c = 0; c < N_CHROMA; c++) keyProfile[c]! += keyAcc[c]! / keyMax;
    if (max < 1e-300) continue;
    for (let c = 0; c < N_CHROMA; c++) chroma[t * N_CHROMA + c] = acc[c]! / max;
  }
  return { chroma, keyProfile };
}

/** The whole signal halved at once, times sqrt(2) after rounding (librosa's scale=True). */
function halveWhole(signal: Float32Array): Float32Array {
  const halver = new CqtHalver();
  const head = halver.push(signal).slice(); // a view the flush reuses
  const tail = halver.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  for (let i = 0; i < out.length; i++) out[i]! *= Math.SQRT2;
  return out;
}
