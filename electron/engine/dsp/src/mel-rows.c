#include "mel-rows.h"

#include <stdlib.h>
#include <string.h>

MelRowsPlan *mel_rows_plan_new(int mels, int mfccs, const double *dct, int col_onset, int col_onset_median,
                               int col_mfcc) {
  MelRowsPlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->mels = mels;
  plan->mfccs = mfccs;
  plan->col_onset = col_onset;
  plan->col_onset_median = col_onset_median;
  plan->col_mfcc = col_mfcc;
  const size_t n = (size_t)mels;
  plan->dct = malloc(sizeof(double) * n * (size_t)mfccs);
  plan->cur = malloc(sizeof(double) * n);
  plan->prev = malloc(sizeof(double) * n);
  plan->rises = malloc(sizeof(double) * n);
  plan->sums = malloc(sizeof(double) * (n / 2));
  plan->diffs = malloc(sizeof(double) * (n / 2));
  if (!plan->dct || !plan->cur || !plan->prev || !plan->rises || !plan->sums || !plan->diffs) {
    mel_rows_plan_free(plan);
    return NULL;
  }
  memcpy(plan->dct, dct, sizeof(double) * n * (size_t)mfccs);
  return plan;
}

void mel_rows_plan_free(MelRowsPlan *plan) {
  if (!plan) return;
  free(plan->dct);
  free(plan->cur);
  free(plan->prev);
  free(plan->rises);
  free(plan->sums);
  free(plan->diffs);
  free(plan);
}

/* mel-frame.ts floored(). */
static void floored(int mels, const float *db, double floor, double floor32, double *out) {
  for (int m = 0; m < mels; m++) {
    const double v = db[m];
    out[m] = v < floor ? floor32 : v;
  }
}

/* Puts the k-th smallest of xs[0..n) at xs[k], smaller ones before it, larger after
 * (Hoare's selection; the values are only compared, so any order gives the same ones). */
static void select_kth(double *xs, int n, int k) {
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    const double pivot = xs[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const double t = xs[i];
        xs[i++] = xs[j];
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/* mel-frame.ts middlePair(): the median of `zeros` zeros and the `positive` values of
 * `rises` (all > 0), mels values in all, the mean of the middle two. */
static double middle_pair(double *rises, int positive, int zeros, int mels) {
  const int half = mels / 2;
  if (zeros > half) return 0;
  /* Ranks half - 1 and half among all values; the zeros come first. */
  const int upper = half - zeros;
  double below = 0, above;
  if (upper == 0) {
    above = rises[0];
    for (int i = 1; i < positive; i++)
      if (rises[i] < above) above = rises[i];
  } else {
    select_kth(rises, positive, upper - 1);
    below = rises[upper - 1];
    above = rises[upper];
    for (int i = upper + 1; i < positive; i++)
      if (rises[i] < above) above = rises[i];
  }
  return 0.5 * (below + above);
}

/* mel-frame.ts writeMfcc(): the DCT rows folded about the middle, four partial sums. */
static void mfcc(MelRowsPlan *plan, const double *x, float *row) {
  const int half = plan->mels / 2;
  for (int m = 0; m < half; m++) {
    const double a = x[m], b = x[plan->mels - 1 - m];
    plan->sums[m] = a + b;
    plan->diffs[m] = a - b;
  }
  for (int c = 0; c < plan->mfccs; c++) {
    const double *folded = c % 2 == 0 ? plan->sums : plan->diffs;
    const double *dct = plan->dct + (size_t)c * (size_t)plan->mels;
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int m = 0; m < half; m += 4) {
      a0 += dct[m] * folded[m];
      a1 += dct[m + 1] * folded[m + 1];
      a2 += dct[m + 2] * folded[m + 2];
      a3 += dct[m + 3] * folded[m + 3];
    }
    row[plan->col_mfcc + c] = (float)(a0 + a1 + a2 + a3);
  }
}

void mel_row(MelRowsPlan *plan, const float *cur, const float *prev, const float *own, double floor,
             double floor32, float *row) {
  const int mels = plan->mels;
  double mean = 0, median = 0;
  if (cur && prev) {
    floored(mels, cur, floor, floor32, plan->cur);
    floored(mels, prev, floor, floor32, plan->prev);
    double sum = 0;
    int positive = 0;
    for (int m = 0; m < mels; m++) {
      const double r = plan->cur[m] - plan->prev[m];
      if (r > 0) {
        plan->rises[positive++] = r;
        sum += r;
      }
    }
    mean = sum / mels;
    median = middle_pair(plan->rises, positive, mels - positive, mels);
  }
  row[plan->col_onset] = (float)mean;
  row[plan->col_onset_median] = (float)median;
  floored(mels, own, floor, floor32, plan->cur);
  mfcc(plan, plan->cur, row);
}
