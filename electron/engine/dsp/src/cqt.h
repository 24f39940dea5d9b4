/* The constant-Q chroma's hot loops (electron/engine/analysis/cqt-*.ts) in C, operation
 * for operation: the half-band halving between octaves, an octave's frames one FFT
 * each (cqt-octave-stream.ts), a low octave's frames a block per FFT
 * (cqt-block-octave.ts) and the fold of a frame's 252 magnitudes into 12 classes
 * (cqt-chroma.ts). Every table that needs Math.cos/sin/exp comes from TypeScript, and
 * the magnitude is V8's Math.hypot arithmetic for two values (analysis/hypot.ts), so
 * the values are bit for bit the TypeScript ones. */
#ifndef BACKBEAT_CQT_H
#define BACKBEAT_CQT_H
#include <stdint.h>

#include "fft.h"

#define CQT_BINS 36                            /* filters per octave */
#define CQT_OCTAVES 7
#define CQT_PER_FRAME (CQT_BINS * CQT_OCTAVES) /* a frame's magnitudes */
#define CQT_CLASSES 12
#define CQT_HALF_BAND_TAPS 12 /* the halving's taps at odd distances 1..23 */
#define CQT_HALF_BAND_REACH 23

/* An octave's signal as the TypeScript stream holds it: signal[i] is sample start + i
 * for i < length, and the signal has start + length samples (zeros outside them). */
typedef struct {
  const float *samples;
  int64_t start, length;
} CqtSignal;

/* The ring of frames' magnitudes (PendingFrames): frame t's row at (t % capacity) * 252. */
typedef struct {
  double *rows;
  int64_t capacity;
} CqtRows;

/* One octave's filters, one real FFT a frame (OctaveStream). */
typedef struct {
  int n_fft, hop, first_bin, low_bin, high_bin;
  int offsets[CQT_BINS + 1];
  int *bins;       /* spectrum bin of each entry */
  double *filters; /* entry e's re, im at [2e], [2e + 1] */
  double scale[CQT_BINS];
  RealPlan *fft;
  double *frame, *spec;
} CqtFramePlan;

/* One low octave's filters, a block of frames per FFT (BlockOctaveStream). */
typedef struct {
  int n_fft, hop, first_bin, block, frames, folded;
  double factor[CQT_BINS];
  RealPlan *fft;         /* block samples */
  ComplexPlan *inverse;  /* folded points */
  double *samples, *spec, *full, *sums, *out;
  int *non_zero;
} CqtBlockPlan;

/* out[m] = the half-band filter at in[at + 2m] (which reads in[at + 2m - 23 .. at + 2m + 23]). */
void cqt_halve(const double *taps, const float *in, int64_t at, int count, float *out);

/* NULL when out of memory; the caller has checked every length and index. */
CqtFramePlan *cqt_frame_plan_new(int n_fft, int hop, int first_bin, const int *offsets, const int *bins,
                                 const double *filters, const double *scale, const double *fft_tables);
void cqt_frame_plan_free(CqtFramePlan *plan);
/* Frames first..first+count-1 into their rows. */
void cqt_frames(CqtFramePlan *plan, const CqtSignal *signal, int64_t first, int count, const CqtRows *rows);

/* fft_tables: the block's real FFT tables (see cqt-binding.c); folded_table: the complex
 * twiddles of the folded inverse. */
CqtBlockPlan *cqt_block_plan_new(int n_fft, int hop, int first_bin, int block, const double *factor,
                                 const double *fft_tables, const double *folded_table);
void cqt_block_plan_free(CqtBlockPlan *plan);
/* Frames first..first+count-1 (count <= plan->frames) from one block; kernel holds the
 * 36 filters' block spectra, 2 * block values each. */
void cqt_block(CqtBlockPlan *plan, const double *kernel, const CqtSignal *signal, int64_t first, int count,
               const CqtRows *rows);

/* Folds frames from..up_to-1: chroma (12 a frame, divided by its largest) and the key
 * profile (weighted by key_weight, 252 values), as cqt-chroma.ts's fold. */
void cqt_fold(const CqtRows *rows, int64_t from, int64_t up_to, const double *key_weight, float *chroma,
              double *key_profile);
#endif
