/* One STFT frame of electron/engine/analysis/frame-analyzer.ts in C: the hop
 * statistics (hop-stats.ts), the window, the power spectrum (fft.c), the magnitudes,
 * the spectral shape (spectral-shape.ts), the contrast peaks and valleys
 * (spectral-contrast.ts), the mel band powers (mel-frame.ts, before its log10) and the
 * tuning peaks (tuning.ts), operation for operation as the TypeScript does them, with
 * every table computed by the TypeScript side and copied in. The log10 of the mel
 * powers stays in TypeScript: the C library's log10 may differ from V8's in the last bit. */
#ifndef BACKBEAT_STFT_FRAME_H
#define BACKBEAT_STFT_FRAME_H
#include "fft.h"

/* Where the frame's values go in the row (frame-columns.ts COL). */
typedef struct {
  int zcr, rms, centroid, bandwidth, rolloff, contrast_peak, contrast_valley;
} StftColumns;

typedef struct {
  int size, hop, bins; /* bins = size / 2 + 1 */
  RealPlan *fft;
  double *window;
  /* mel band m: weights[offsets[m]..offsets[m+1]) times power[starts[m]..] */
  int mels;
  int *mel_starts, *mel_offsets;
  double *mel_weights;
  /* contrast band b: bins [starts[b], ends[b]), its 2% extremes are counts[b] bins */
  int bands;
  int *band_starts, *band_ends, *band_counts;
  double *low, *high; /* max count each */
  /* tuning peaks: bins k_min..k_max, gated at threshold times the frame's maximum */
  int k_min, k_max;
  int max_peaks; /* (k_max - k_min + 2) / 2: a peak's neighbours are not peaks */
  double tuning_threshold, rolloff_fraction, bin_hz, sample_rate, amin;
  StftColumns col;
  /* hop statistics: ring of the last size / hop hops, by hop index mod that */
  int hops;
  int *crossings, *boundary;
  double *energy;
  long next_hop, frame;
  int last_negative;
  /* scratch */
  double *windowed, *power, *mag, *gated;
  double *prefix; /* running sums of the magnitudes (the roll-off's) */
} StftFramePlan;

/* Everything but the FFT tables and the arrays of the plan's fields, for stft_plan_new. */
typedef struct {
  int size, hop, mels, weights, bands, k_min, k_max;
  double tuning_threshold, rolloff_fraction, bin_hz, sample_rate, amin;
  StftColumns col;
} StftShape;

/* NULL when out of memory. The arrays are copied: half_table (size), cos and sin
 * (size / 2 + 1), window (size), mel_starts (mels), mel_offsets (mels + 1), mel_weights
 * (shape->weights), band_starts, band_ends, band_counts (bands). */
StftFramePlan *stft_plan_new(const StftShape *shape, const double *half_table, const double *cos,
                             const double *sin, const double *window, const int *mel_starts,
                             const int *mel_offsets, const double *mel_weights, const int *band_starts,
                             const int *band_ends, const int *band_counts);
void stft_plan_free(StftFramePlan *plan);

/* Analyses the next frame, samples[0..size): writes its values into `row`, the mel band
 * powers (max(amin, float32(sum))) into `mel_power` (plan->mels) and its tuning peaks as
 * (frequency, magnitude) pairs into `peaks` (room for max_peaks pairs); returns how many. Frames must come in order, one hop apart. */
int stft_frame(StftFramePlan *plan, const float *samples, float *row, double *mel_power, double *peaks);
#endif
