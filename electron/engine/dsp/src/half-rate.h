/* The 44.1 -> 22.05 kHz halving's block (audio/hq-half-rate.ts, filterEvenSamples):
 * one overlap-save block of the HQ filter, computed at the even samples only, in the
 * TypeScript's operations and order, so every output is bit for bit its own. */
#ifndef BACKBEAT_HALF_RATE_H
#define BACKBEAT_HALF_RATE_H
#include "fft.h"

typedef struct {
  int size;          /* FFT_SIZE: input samples of one block */
  RealPlan *forward; /* size real points */
  RealPlan *inverse; /* size/2 real points */
  double *filter;    /* the filter's spectrum, bins 0..size/2 interleaved (size + 2) */
  double *frame;     /* size */
  double *spec;      /* size + 2 */
  double *even_spec; /* size/2 + 2 */
  double *even;      /* size/2: the filtered block's even samples */
} HalfRatePlan;

/* NULL when out of memory. `forward` and `inverse` are realFftTables(size), (size/2). */
HalfRatePlan *half_rate_plan_new(int size, const double *forward, const double *inverse, const double *filter);
void half_rate_plan_free(HalfRatePlan *plan);
/* Filters the block whose samples offset..offset+n-1 are input[0..n) (zero elsewhere),
 * then writes its even samples first..first+count-1, rounded to float, to out. The
 * caller has checked offset + n <= size and first + count <= size/2. */
void half_rate_block(HalfRatePlan *plan, const float *input, int n, int offset, float *out, int first, int count);
#endif
