// One STFT frame in the native kernel (dsp/src/stft-frame.c): the hop statistics, the
// window, the power spectrum, the magnitudes, the spectral shape, the contrast peaks
// and valleys, the mel band powers and the tuning peaks, in one call per frame, with
// the TypeScript modules' own tables and constants, so the values are bit for bit
// theirs (the kernel's test compares whole tracks of frames). The kernel writes the
// row in place in the frame table and the peaks after those the tuning estimator
// keeps; the mel powers' log10 stays in TypeScript (MelFrame.pushBandPowers). The plan
// holds the hop statistics of its frames so far, so each FrameAnalyzer has its own.
import { HOP, N_FFT, N_MELS, SAMPLE_RATE } from './constants';
import { COL, type FrameTable } from './frame-columns';
import { melLayout } from './mel-frame';
import { contrastLayout } from './spectral-contrast';
import { BIN_HZ, ROLLOFF_FRACTION } from './spectral-shape';
import { MAX_FRAME_PEAKS, TUNING_PEAK_RANGE, type TuningEstimator } from './tuning';
import { realFftTables } from '../audio/real-fft';
import type { NativeDsp, NativePlan } from '../dsp/native-dsp';

export class NativeFrameKernel {
  /** The last frame's mel band powers (for MelFrame.pushBandPowers). */
  readonly melPower = new Float64Array(N_MELS);
  private readonly plan: NativePlan;

  constructor(
    private readonly dsp: NativeDsp,
    window: Float64Array,
  ) {
    const { halfTable, cos, sin } = realFftTables(N_FFT);
    const mel = melLayout();
    // The order of stft-frame-binding.c's layout enum.
    const layout = Float64Array.from([
      HOP,
      TUNING_PEAK_RANGE.first,
      TUNING_PEAK_RANGE.last,
      TUNING_PEAK_RANGE.threshold,
      ROLLOFF_FRACTION,
      BIN_HZ,
      SAMPLE_RATE,
      mel.amin,
      COL.zcr,
      COL.rms,
      COL.centroid,
      COL.bandwidth,
      COL.rolloff,
      COL.contrastPeak,
      COL.contrastValley,
    ]);
    this.plan = dsp.stftFramePlan(
      halfTable,
      cos,
      sin,
      window,
      mel.bands,
      mel.weights,
      contrastLayout(),
      layout,
    );
  }

  /**
   * Analyses the next frame, samples[at..at + N_FFT): fills row `frame` of `frames`,
   * writes its mel band powers into melPower and adds its tuning peaks to `tuning`.
   * Frames must come in order, one hop apart.
   */
  analyse(
    samples: Float32Array,
    at: number,
    frames: FrameTable,
    frame: number,
    tuning: TuningEstimator,
  ): void {
    const peaks = tuning.reserve(MAX_FRAME_PEAKS);
    const rows = frames.rowChunk(frame);
    const rowAt = frames.rowOffset(frame);
    tuning.pushWritten(
      this.dsp.stftFrame(this.plan, samples, at, rows, rowAt, this.melPower, peaks, 2 * tuning.peakCount),
    );
  }
}
