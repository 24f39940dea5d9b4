/* The sum over frames of analysis/tempogram.ts (meanTempogram): each onset frame's
 * Hann-windowed stretch of the padded envelope, its power spectrum divided by its
 * energy, added up; the same operations in the same order, so bit for bit its sum. */
#ifndef BACKBEAT_TEMPOGRAM_H
#define BACKBEAT_TEMPOGRAM_H
#include "fft.h"

typedef struct {
  int size;       /* FFT size: a power of two >= 2 * window - 1 */
  int window;     /* frames per stretch */
  RealPlan *fft;  /* size real points */
  double *hann;   /* window values */
  double *input;  /* size, zero after `window` */
  double *power;  /* size/2 + 1 */
} TempogramPlan;

/* NULL when out of memory. `tables` is realFftTables(size), `hann` holds `window` values. */
TempogramPlan *tempogram_plan_new(int size, const double *tables, const double *hann, int window);
void tempogram_plan_free(TempogramPlan *plan);
/* Adds, for t = 0..frames-1 whose stretch padded[t..t+window) has energy, its power
 * spectrum over its energy to sum[2k] (k = 0..size/2). The caller has checked lengths. */
void tempogram_sum(TempogramPlan *plan, const double *padded, int frames, double *sum);
#endif
