// One STFT frame in the native kernel (dsp/src/stft-frame.c): the hop statistics, the
// window, the power spectrum, the magnitudes, the spectral shape, the contrast peaks
// and valleys, the mel band powers and the tuning peaks, in one call per frame, with
// the TypeScript modules' own tables and constants, so the values are bit for bit
// theirs (the kernel's test compares whole tracks of frames). What stays in TypeScript:
// the mel powers' log10 (MelFrame.pushBandPowers) and keeping the tuning peaks
// (TuningEstimator.pushPeaks). The plan holds the hop statistics of its frames so far,
// so each FrameAnalyzer has its own.
import { HOP, N_FFT, N_MELS, SAMPLE_RATE } from './constants';
import { COL } from './frame-columns';
import { melLayout } from './mel-frame';
import { contrastLayout } from './spectral-contrast';
import { BIN_HZ, ROLLOFF_FRACTION } from './spectral-shape';
import { TUNING_PEAK_RANGE } from './tuning';
import { realFftTables } from '../audio/real-fft';
import type { NativeDsp, NativePlan } from '../dsp/native-dsp';

export class NativeFrameKernel {
  /** The last frame's mel band powers (for MelFrame.pushBandPowers). */
  readonly melPower = new Float64Array(N_MELS);
  /** The last frame's tuning peaks, (frequency, magnitude) pairs (for TuningEstimator.pushPeaks). */
  readonly peaks = new Float64Array(2 * (TUNING_PEAK_RANGE.last - TUNING_PEAK_RANGE.first + 1));
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
   * Analyses the next frame, samples[at..at + N_FFT): writes its row values into `row`,
   * its mel band powers into melPower and its tuning peaks into peaks; returns how many
   * peaks. Frames must come in order, one hop apart.
   */
  analyse(samples: Float32Array, at: number, row: Float32Array): number {
    return this.dsp.stftFrame(this.plan, samples, at, row, this.melPower, this.peaks);
  }
}
