// librosa.feature.chroma_cqt with its defaults, as the generator's harmony tower
// computes it: a constant-Q transform of 7 octaves from C1 (36 bins per octave,
// retuned by the estimated tuning), magnitudes, folded into 12 pitch classes (each
// class takes its bin and the ones either side), each frame divided by its largest
// class. The transform is librosa's multirate one: the top octave's 36 filters are
// applied in the frequency domain (FFT 1024, hop 512) at 22,050 Hz, then the signal
// is halved in rate (and the hop with it) for each lower octave (librosa halves with
// soxr's HQ filter; a half-band filter passes the same band, see cqt-halving.ts); each filter is a
// Hann-windowed complex exponential, L1-normalised, its spectrum thinned to the bins
// holding 99% of its magnitude; responses are scaled by 1/sqrt(filter length).
//
// It runs as a stream (ChromaCqtStream): samples go in block by block, each octave
// keeps only the samples its next frames need and halves them on into the octave
// below as they come, and a frame's 252 magnitudes are folded into its 12 classes
// as soon as every octave has computed that frame. A long track so never needs its
// constant-Q matrix (252 doubles a frame: 150 MB for 29 minutes) nor its halved
// copies. The low octaves compute their frames in blocks (cqt-block-octave.ts). The
// values are those of the whole-buffer transform with the HQ halvings to within the
// two filters' passband ripple (see the test), and bit for bit the same whatever
// blocks the samples arrive in.
//
// Where the native kernels are built (dsp/native-dsp.ts), the halvings, the octaves'
// frames (a batch or a block per call) and the fold run in C (dsp/src/cqt.c) with
// the same arithmetic in the same order: bit for bit the same chroma, for about half the
// CPU it took with only the FFTs in C (a third of the TypeScript kernels').
import { type NativeDsp, nativeDsp } from '../dsp/native-dsp';
import { HOP, N_CHROMA } from './constants';
import { BINS_PER_OCTAVE, N_OCTAVES, banksFor } from './cqt-filters';
import { BlockOctaveStream, usesBlocks } from './cqt-block-octave';
import { CqtHalver } from './cqt-halving';
import { OctaveStream, PendingFrames, PER_FRAME, type OctaveFrames } from './cqt-octave-stream';

/**
 * Backbeat's key (metadata only) reads a pitch-class profile of its own from the same
 * transform: octaves from C3 up, weighted by a broad bump around C5, so drums and
 * bass rumble do not pull the key.
 */
const KEY_FIRST_OCTAVE = 2;
const KEY_CENTRE_OCTAVE = 4;
const KEY_OCTAVE_SIGMA = 1.5;

const KEY_WEIGHT = Float64Array.from({ length: PER_FRAME }, (_, b) => {
  const octave = b / BINS_PER_OCTAVE;
  return octave < KEY_FIRST_OCTAVE
    ? 0
    : Math.exp(-0.5 * ((octave - KEY_CENTRE_OCTAVE) / KEY_OCTAVE_SIGMA) ** 2);
});
/** CQT bin b feeds class ((b + 1) mod 36) / 3. */
const CLASS_OF = Int32Array.from({ length: PER_FRAME }, (_, b) =>
  Math.floor(((b + 1) % BINS_PER_OCTAVE) / 3),
);

/** Most samples fed through the octaves at once (see push). */
const PUSH_PIECE = 1 << 16;

export interface ChromaCqt {
  /** chroma[t * 12 + c] for frames t = 0..nFrames-1 (nFrames = 1 + floor(samples / 512)). */
  chroma: Float32Array;
  keyProfile: number[];
}

/**
 * librosa's chroma_cqt over a signal given block by block: push the blocks in order,
 * then finish(); the same values as chromaCqt on the whole signal at once.
 */
export class ChromaCqtStream {
  private readonly octaves: OctaveFrames[];
  /** decimators[o] halves octave o's signal into octave o + 1's. */
  private readonly decimators: CqtHalver[] = [];
  private readonly pending = new PendingFrames();
  private samples = 0;
  private chroma = new Float32Array(N_CHROMA * 1024);
  private readonly keyProfile = new Float64Array(N_CHROMA);
  private readonly acc = new Float64Array(N_CHROMA);
  private readonly keyAcc = new Float64Array(N_CHROMA);
  private finished = false;

  /** `dsp` null runs the JavaScript arithmetic everywhere (the kernels' tests compare the two). */
  constructor(
    tuning: number,
    private readonly dsp: NativeDsp | null = nativeDsp(),
  ) {
    const banks = banksFor(tuning);
    this.octaves = banks.map((bank, o) =>
      usesBlocks(o) ? new BlockOctaveStream(bank, o, dsp) : new OctaveStream(bank, o, dsp),
    );
    for (let o = 0; o < N_OCTAVES - 1; o++) this.decimators.push(new CqtHalver(dsp));
  }

  push(samples: Float32Array): void {
    if (this.finished) throw new Error('ChromaCqtStream: push after finish');
    // A long signal (a 30-second slice, a whole track in tests) goes in pieces: pushed
    // whole, every octave's buffer and the table of frames waiting for the lowest
    // octave grew to hold all of it (tens of MB of garbage a slice); the values are
    // the same whatever blocks the samples arrive in.
    for (let at = 0; at < samples.length; at += PUSH_PIECE) {
      const piece = samples.subarray(at, at + PUSH_PIECE);
      this.samples += piece.length;
      this.feed(0, piece);
      this.fold(Math.min(...this.octaves.map((o) => o.next)));
    }
  }

  finish(): ChromaCqt {
    const nFrames = 1 + Math.floor(this.samples / HOP);
    if (!this.finished) {
      this.finished = true;
      // Each octave ends in turn: its last frames (zeros after the signal), then the
      // rest of its halved signal goes on down.
      for (let o = 0; o < N_OCTAVES; o++) {
        this.octaves[o]!.run(nFrames, true, this.pending);
        if (o < N_OCTAVES - 1) {
          const rest = this.decimators[o]!.flush();
          if (rest.length > 0) this.feed(o + 1, halved(rest));
        }
      }
      this.fold(nFrames);
    }
    return { chroma: this.chroma.slice(0, nFrames * N_CHROMA), keyProfile: Array.from(this.keyProfile) };
  }

  /**
   * Octave o takes `samples` and computes the frames it now can; its halved samples
   * go on down. (Frames needing samples not yet here wait for more, or for finish.)
   */
  private feed(o: number, samples: Float32Array): void {
    const octave = this.octaves[o]!;
    octave.push(samples);
    octave.run(Infinity, false, this.pending);
    if (o < N_OCTAVES - 1) {
      const down = this.decimators[o]!.push(samples);
      if (down.length > 0) this.feed(o + 1, halved(down));
    }
  }

  /** Folds frames below `upTo` (every octave has them): 12 classes, each frame divided by its largest. */
  private fold(upTo: number): void {
    const { pending } = this;
    if (upTo * N_CHROMA > this.chroma.length) {
      const grown = new Float32Array(Math.max(2 * this.chroma.length, upTo * N_CHROMA));
      grown.set(this.chroma);
      this.chroma = grown;
    }
    if (upTo > pending.folded) {
      // The native kernel runs foldFrames's loop in C, operation for operation.
      if (this.dsp) {
        const rows = pending.rowsArray();
        this.dsp.cqtFold(
          rows,
          pending.capacity,
          pending.folded,
          upTo,
          KEY_WEIGHT,
          this.chroma,
          this.keyProfile,
        );
      } else this.foldFrames(pending.folded, upTo);
    }
    pending.folded = Math.max(pending.folded, upTo);
  }

  private foldFrames(from: number, upTo: number): void {
    const { pending, acc, keyAcc, keyProfile, chroma } = this;
    for (let t = from; t < upTo; t++) {
      const cqt = pending.read(t);
      acc.fill(0);
      keyAcc.fill(0);
      for (let b = 0; b < PER_FRAME; b++) {
        const c = CLASS_OF[b]!;
        const v = cqt[b]!;
        acc[c]! += v;
        keyAcc[c]! += v * KEY_WEIGHT[b]!;
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
  }
}

/** Halved samples scaled by sqrt(2) after rounding, as librosa's resampling does (scale=True). */
function halved(samples: Float32Array): Float32Array {
  for (let i = 0; i < samples.length; i++) samples[i]! *= Math.SQRT2;
  return samples;
}

export function chromaCqt(y: Float32Array, tuning: number, dsp: NativeDsp | null = nativeDsp()): ChromaCqt {
  const stream = new ChromaCqtStream(tuning, dsp);
  stream.push(y);
  return stream.finish();
}
