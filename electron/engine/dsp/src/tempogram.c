#include "tempogram.h"

#include <stdlib.h>
#include <string.h>

#include "real-tables.h"

TempogramPlan *tempogram_plan_new(int size, const double *tables, const double *hann, int window) {
  TempogramPlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->size = size;
  plan->window = window;
  plan->fft = real_plan_from_tables(size, tables);
  plan->hann = malloc(sizeof(double) * (size_t)window);
  plan->input = calloc((size_t)size, sizeof(double));
  plan->power = malloc(sizeof(double) * ((size_t)size / 2 + 1));
  if (!plan->fft || !plan->hann || !plan->input || !plan->power) {
    tempogram_plan_free(plan);
    return NULL;
  }
  memcpy(plan->hann, hann, sizeof(double) * (size_t)window);
  return plan;
}

void tempogram_plan_free(TempogramPlan *plan) {
  if (!plan) return;
  real_plan_free(plan->fft);
  free(plan->hann);
  free(plan->input);
  free(plan->power);
  free(plan);
}

void tempogram_sum(TempogramPlan *plan, const double *padded, int frames, double *sum) {
  const int window = plan->window, bins = plan->size / 2 + 1;
  const double *RESTRICT hann = plan->hann;
  double *input = plan->input;
  const double *power = plan->power;
  for (int t = 0; t < frames; t++) {
    const double *stretch = padded + t;
    double energy = 0;
    for (int i = 0; i < window; i++) {
      const double v = stretch[i] * hann[i];
      input[i] = v;
      energy += v * v;
    }
    /* Lag 0 is the energy; an all-zero (or NaN) stretch adds nothing, as in TypeScript. */
    if (!(energy > 0)) continue;
    real_power(plan->fft, input, plan->power);
    const double scale = 1 / energy;
    for (int k = 0; k < bins; k++) sum[2 * k] += power[k] * scale;
  }
}
