/* One frame's onset strength and MFCCs from the stored log-mel rows, as
 * electron/engine/analysis/mel-frame.ts fillRange() makes them: the rows floored (each
 * value under the floor becomes the float32 floor), the mean and the median over bands
 * of the positive rises from the previous row, and the orthonormal DCT-II folded about
 * the middle of the row, operation for operation, with the TypeScript's DCT table. */
#ifndef BACKBEAT_MEL_ROWS_H
#define BACKBEAT_MEL_ROWS_H

typedef struct {
  int mels, mfccs;             /* mels even, mfccs whole rows of `dct` */
  int col_onset, col_onset_median, col_mfcc;
  double *dct;                 /* mfccs rows of mels values */
  double *cur, *prev, *rises;  /* mels each */
  double *sums, *diffs;        /* mels / 2 each */
} MelRowsPlan;

MelRowsPlan *mel_rows_plan_new(int mels, int mfccs, const double *dct, int col_onset, int col_onset_median,
                               int col_mfcc);
void mel_rows_plan_free(MelRowsPlan *plan);

/* Writes onset, onset median and the MFCCs into `row`: the rises from `prev` to `cur`
 * (when both are given; zeros otherwise) and the MFCCs of `own`, each row of `mels`
 * float32 log-mel values floored at `floor` (double) to `floor32`. */
void mel_row(MelRowsPlan *plan, const float *cur, const float *prev, const float *own, double floor,
             double floor32, float *row);
#endif
