#include "polyphase.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#define POLYPHASE_SSE2 1
#endif

PolyphasePlan *polyphase_plan_new(int up, int down, int first_tap, int tap_count, const double *bank) {
  PolyphasePlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->up = up;
  plan->down = down;
  plan->first_tap = first_tap;
  plan->tap_count = tap_count;
  plan->bank = malloc(sizeof(double) * (size_t)up * (size_t)tap_count);
  if (!plan->bank) {
    polyphase_plan_free(plan);
    return NULL;
  }
  memcpy(plan->bank, bank, sizeof(double) * (size_t)up * (size_t)tap_count);
  return plan;
}

void polyphase_plan_free(PolyphasePlan *plan) {
  if (!plan) return;
  free(plan->bank);
  free(plan);
}

/* Where output n's taps start in buf, and its phase's row of the bank. */
static void locate(const PolyphasePlan *plan, int64_t buf_start, int64_t n, const float **x, const double **b) {
  const int64_t pos = n * plan->down;
  const int64_t i = pos / plan->up;
  *x += i + plan->first_tap - buf_start;
  *b += (pos - i * plan->up) * plan->tap_count;
}

#ifdef POLYPHASE_SSE2
/* Taps t and t + 1 of one output, times the bank, added lane by lane to [even, odd]:
 * the same multiplications and additions as the scalar sums, two at a time. */
static __m128d tap_pair(__m128d sums, const double *b, const float *x) {
  const __m128d samples = _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)x)));
  return _mm_add_pd(sums, _mm_mul_pd(_mm_loadu_pd(b), samples));
}

/* even + odd, as the TypeScript adds them at the end. */
static float lanes_sum(__m128d sums) {
  return (float)(_mm_cvtsd_f64(sums) + _mm_cvtsd_f64(_mm_unpackhi_pd(sums, sums)));
}
#endif

void polyphase_run(const PolyphasePlan *plan, const float *buf, int64_t buf_start, int64_t next_out, float *out,
                   int64_t count) {
  const int taps = plan->tap_count;
  int64_t o = 0;
  /* Four outputs at a time: eight independent sums keep the adder busy, while each
   * output still adds its own taps in the TypeScript's order (even and odd sums). */
  for (; o + 4 <= count; o += 4) {
    const float *x0 = buf, *x1 = buf, *x2 = buf, *x3 = buf;
    const double *b0 = plan->bank, *b1 = plan->bank, *b2 = plan->bank, *b3 = plan->bank;
    locate(plan, buf_start, next_out + o, &x0, &b0);
    locate(plan, buf_start, next_out + o + 1, &x1, &b1);
    locate(plan, buf_start, next_out + o + 2, &x2, &b2);
    locate(plan, buf_start, next_out + o + 3, &x3, &b3);
#ifdef POLYPHASE_SSE2
    __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd(), s2 = _mm_setzero_pd(), s3 = _mm_setzero_pd();
    for (int t = 0; t < taps; t += 2) {
      s0 = tap_pair(s0, b0 + t, x0 + t);
      s1 = tap_pair(s1, b1 + t, x1 + t);
      s2 = tap_pair(s2, b2 + t, x2 + t);
      s3 = tap_pair(s3, b3 + t, x3 + t);
    }
    out[o] = lanes_sum(s0);
    out[o + 1] = lanes_sum(s1);
    out[o + 2] = lanes_sum(s2);
    out[o + 3] = lanes_sum(s3);
#else
    double e0 = 0, d0 = 0, e1 = 0, d1 = 0, e2 = 0, d2 = 0, e3 = 0, d3 = 0;
    for (int t = 0; t < taps; t += 2) {
      e0 += b0[t] * (double)x0[t];
      d0 += b0[t + 1] * (double)x0[t + 1];
      e1 += b1[t] * (double)x1[t];
      d1 += b1[t + 1] * (double)x1[t + 1];
      e2 += b2[t] * (double)x2[t];
      d2 += b2[t + 1] * (double)x2[t + 1];
      e3 += b3[t] * (double)x3[t];
      d3 += b3[t + 1] * (double)x3[t + 1];
    }
    out[o] = (float)(e0 + d0);
    out[o + 1] = (float)(e1 + d1);
    out[o + 2] = (float)(e2 + d2);
    out[o + 3] = (float)(e3 + d3);
#endif
  }
  for (; o < count; o++) {
    const float *x = buf;
    const double *b = plan->bank;
    locate(plan, buf_start, next_out + o, &x, &b);
    double even = 0, odd = 0;
    for (int t = 0; t < taps; t += 2) {
      even += b[t] * (double)x[t];
      odd += b[t + 1] * (double)x[t + 1];
    }
    out[o] = (float)(even + odd);
  }
}
