#include "half-rate.h"

#include <stdlib.h>
#include <string.h>

#include "real-tables.h"

HalfRatePlan *half_rate_plan_new(int size, const double *forward, const double *inverse, const double *filter) {
  HalfRatePlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->size = size;
  plan->forward = real_plan_from_tables(size, forward);
  plan->inverse = real_plan_from_tables(size / 2, inverse);
  plan->filter = malloc(sizeof(double) * ((size_t)size + 2));
  plan->frame = malloc(sizeof(double) * (size_t)size);
  plan->spec = malloc(sizeof(double) * ((size_t)size + 2));
  plan->even_spec = malloc(sizeof(double) * ((size_t)size / 2 + 2));
  plan->even = malloc(sizeof(double) * ((size_t)size / 2));
  if (!plan->forward || !plan->inverse || !plan->filter || !plan->frame || !plan->spec || !plan->even_spec ||
      !plan->even) {
    half_rate_plan_free(plan);
    return NULL;
  }
  memcpy(plan->filter, filter, sizeof(double) * ((size_t)size + 2));
  return plan;
}

void half_rate_plan_free(HalfRatePlan *plan) {
  if (!plan) return;
  real_plan_free(plan->forward);
  real_plan_free(plan->inverse);
  free(plan->filter);
  free(plan->frame);
  free(plan->spec);
  free(plan->even_spec);
  free(plan->even);
  free(plan);
}

void half_rate_block(HalfRatePlan *plan, const float *input, int n, int offset, float *out, int first, int count) {
  const int size = plan->size, half = size / 2, quarter = size / 4;
  double *frame = plan->frame;
  double *spec = plan->spec;
  double *even_spec = plan->even_spec;
  const double *RESTRICT filter = plan->filter;
  /* The float -> double conversion is exact, as Float64Array.set's is. */
  memset(frame, 0, sizeof(double) * (size_t)size);
  for (int i = 0; i < n; i++) frame[offset + i] = input[i];
  real_spectrum(plan->forward, frame, spec, 0, half);
  for (int k = 0; k <= half; k++) {
    const double ar = spec[2 * k], ai = spec[2 * k + 1];
    const double br = filter[2 * k], bi = filter[2 * k + 1];
    spec[2 * k] = ar * br - ai * bi;
    spec[2 * k + 1] = ar * bi + ai * br;
  }
  /* Even samples of a circular signal: the half-size inverse of (Y[k] + Y[k + half]) / 2. */
  for (int k = 0; k <= quarter; k++) {
    const int m = half - k;
    even_spec[2 * k] = 0.5 * (spec[2 * k] + spec[2 * m]);
    even_spec[2 * k + 1] = 0.5 * (spec[2 * k + 1] - spec[2 * m + 1]);
  }
  real_inverse(plan->inverse, even_spec, plan->even);
  const double *even = plan->even + first;
  for (int i = 0; i < count; i++) out[i] = (float)even[i];
}
