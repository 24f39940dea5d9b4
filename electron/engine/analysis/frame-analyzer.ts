// The streaming half of the analysis: takes mono 22,050 Hz samples in any block
// sizes and turns each centred STFT frame (FFT 2048, hop 512, periodic Hann) into
// one row of per-frame values (see frame-columns.ts). The samples themselves are
// dropped as soon as every frame that needs them is done. Each group of values has
// a module of its own; this one windows the frame and shares its spectrum. Where the
// native kernels are built, one call per frame does all of that (native-frame.ts).
import { HOP, N_BINS, N_FFT } from './constants';
import { COL, FrameTable } from './frame-columns';
import { HopStats } from './hop-stats';
import { MelFrame } from './mel-frame';
import { RealFft } from '../audio/real-fft';
import { SpectralContrast, finishContrast } from './spectral-contrast';
import { writeSpectralShape } from './spectral-shape';
import { TuningEstimator } from './tuning';
import { NativeFrameKernel } from './native-frame';
import { appendSamples } from '../audio/append-samples';
import { type NativeDsp, nativeDsp } from '../dsp/native-dsp';
import { periodicHann } from './hann';

const WINDOW = periodicHann(N_FFT);

/** Most samples appended to the buffer at once (see push). */
const PUSH_PIECE = 1 << 16;

export class FrameAnalyzer {
  readonly frames = new FrameTable();
  /** Virtual signal = N_FFT/2 zeros, the samples, N_FFT/2 zeros (librosa's centring). */
  private buf = new Float32Array(N_FFT * 8);
  private bufLen = N_FFT / 2;
  private samplesIn = 0;
  private finished = false;
  /** The native kernel, or null: then the TypeScript parts below (and their scratch). */
  private readonly kernel: NativeFrameKernel | null;
  private readonly fft: RealFft | null;
  private readonly windowed = new Float64Array(N_FFT);
  private readonly hopStats = new HopStats();
  private readonly power = new Float64Array(N_BINS);
  private readonly mag = new Float64Array(N_BINS);
  private readonly contrast = new SpectralContrast();
  /** The log-mel rows, kept so a segment can be floored on its own (segment-frames.ts). */
  readonly mel: MelFrame;
  /** Spectral peaks for the constant-Q chroma's tuning (read after finish). */
  readonly tuning = new TuningEstimator();

  /** `dsp` null runs the TypeScript parts (the kernel's test compares the two). */
  constructor(dsp: NativeDsp | null = nativeDsp()) {
    this.kernel = dsp ? new NativeFrameKernel(dsp, WINDOW) : null;
    this.fft = dsp ? null : new RealFft(N_FFT, null);
    this.mel = new MelFrame(dsp);
  }

  get sampleCount(): number {
    return this.samplesIn;
  }

  push(samples: Float32Array): void {
    if (this.finished) throw new Error('FrameAnalyzer: push after finish');
    this.samplesIn += samples.length;
    // A long signal (a 30-second slice) in pieces, so the buffer stays a few frames
    // long instead of growing to hold it all; the frames are the same either way.
    for (let at = 0; at < samples.length; at += PUSH_PIECE) {
      this.append(samples.subarray(at, at + PUSH_PIECE));
      this.drain(Infinity);
    }
  }

  /** Pads the end and analyses the last frames: 1 + floor(samples / HOP) frames in all. */
  finish(): FrameTable {
    if (this.finished) return this.frames;
    this.finished = true;
    this.append(new Float32Array(N_FFT / 2));
    this.drain(1 + Math.floor(this.samplesIn / HOP));
    // Values relative to the whole signal's loudest (librosa's 80 dB floors).
    this.mel.finish(this.frames);
    finishContrast(this.frames);
    return this.frames;
  }

  private append(samples: Float32Array): void {
    this.buf = appendSamples(this.buf, this.bufLen, samples);
    this.bufLen += samples.length;
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
    if (this.kernel) {
      this.kernel.analyse(buf, at, this.frames, this.frames.appendBlankRow(), this.tuning);
      this.mel.pushBandPowers(this.kernel.melPower);
      return;
    }
    const time = this.hopStats.frame(this.frames.length, buf, at);
    const row = this.frames.appendRow();
    row[COL.zcr] = time.zcr;
    row[COL.rms] = time.rms;
    const { windowed, power, mag } = this;
    for (let n = 0; n < N_FFT; n++) windowed[n] = buf[at + n]! * WINDOW[n]!;
    this.fft!.powerInto(windowed, power);
    for (let k = 0; k < N_BINS; k++) mag[k] = Math.sqrt(power[k]!);
    writeSpectralShape(mag, row);
    this.contrast.writeInto(mag, row);
    this.mel.push(power);
    this.tuning.push(mag);
  }
}
