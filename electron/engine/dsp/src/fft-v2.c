/* See fft-v2.h. Each register holds (re, im) of one complex number. The scalar code's
 * subtractions that mix lanes (T1r + T3i, T1i - T3r) become an add of (T3i, -T3r): the
 * same IEEE result, since a - b is a + (-b) and the sign flip is exact. */
#include "fft-v2.h"

#if FFT_USE_V2

/* (t3i, -t3r): the quarter turn that the B and D outputs of a radix-4 butterfly add and subtract. */
static inline v2 quarter_turn(v2 t3, v2 flip_high) { return v2_flip(v2_swap(t3), flip_high); }

void v2_first_pass(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data, int inverse) {
  const int size = plan->size * 2;
  const int step = 1 << plan->width;
  const int len = (size / step) << 1;
  const int *bitrev = plan->bitrev;
  if (len == 4) {
    for (int o = 0, t = 0; o < size; o += len, t++) {
      const int off = bitrev[t];
      const v2 e = v2_load(data + off), d = v2_load(data + off + step);
      v2_store(out + o, v2_add(e, d));
      v2_store(out + o + 2, v2_sub(e, d));
    }
    return;
  }
  const int step2 = step * 2, step3 = step * 3;
  const v2 flip_high = v2_set(0.0, -0.0);
  /* The inverse negates T3 (fft.js's direction -1). */
  const v2 t3_sign = inverse ? v2_set(-0.0, -0.0) : v2_set(0.0, 0.0);
  for (int o = 0, t = 0; o < size; o += len, t++) {
    const int off = bitrev[t];
    const v2 A = v2_load(data + off), B = v2_load(data + off + step);
    const v2 C = v2_load(data + off + step2), D = v2_load(data + off + step3);
    const v2 T0 = v2_add(A, C), T1 = v2_sub(A, C), T2 = v2_add(B, D);
    const v2 R = quarter_turn(v2_flip(v2_sub(B, D), t3_sign), flip_high);
    v2_store(out + o, v2_add(T0, T2));
    v2_store(out + o + 2, v2_add(T1, R));
    v2_store(out + o + 4, v2_sub(T0, T2));
    v2_store(out + o + 6, v2_sub(T1, R));
  }
}

/* x * (tr + i ti) as (x0 tr + x1 (-ti), x1 tr + x0 ti), with t = (tr, tr) and u = (-ti, ti):
 * the scalar xr tr - xi ti and xr ti + xi tr, sums and products in either operand order. */
static inline v2 twiddle(v2 x, v2 t, v2 u) { return v2_add(v2_mul(x, t), v2_mul(v2_swap(x), u)); }

void v2_radix4_passes(const ComplexPlan *plan, double *RESTRICT out, int inverse) {
  const int size = plan->size * 2;
  const double *table = plan->table;
  const v2 flip_high = v2_set(0.0, -0.0);
  /* The table holds (cos, -sin); u is (-ti, ti) with ti the table's value, or its negation
   * for the inverse's conjugate twiddles. */
  const v2 u_sign = inverse ? v2_set(0.0, -0.0) : v2_set(-0.0, 0.0);
  const v2 t3_sign = inverse ? v2_set(-0.0, -0.0) : v2_set(0.0, 0.0);
  for (int step = (1 << plan->width) >> 2; step >= 2; step >>= 2) {
    const int len = (size / step) << 1;
    const int quarter = len >> 2;
    for (int j = 0, k = 0; j < quarter; j += 2, k += step) {
      const v2 wB = v2_load(table + k), wC = v2_load(table + 2 * k), wD = v2_load(table + 3 * k);
      const v2 tB = v2_lows(wB, wB), uB = v2_flip(v2_highs(wB, wB), u_sign);
      const v2 tC = v2_lows(wC, wC), uC = v2_flip(v2_highs(wC, wC), u_sign);
      const v2 tD = v2_lows(wD, wD), uD = v2_flip(v2_highs(wD, wD), u_sign);
      for (int A = j; A < size; A += len) {
        double *a = out + A, *b = a + quarter, *c = b + quarter, *d = c + quarter;
        const v2 x = v2_load(a);
        const v2 MB = twiddle(v2_load(b), tB, uB);
        const v2 MC = twiddle(v2_load(c), tC, uC);
        const v2 MD = twiddle(v2_load(d), tD, uD);
        const v2 T0 = v2_add(x, MC), T1 = v2_sub(x, MC), T2 = v2_add(MB, MD);
        const v2 R = quarter_turn(v2_flip(v2_sub(MB, MD), t3_sign), flip_high);
        v2_store(a, v2_add(T0, T2));
        v2_store(b, v2_add(T1, R));
        v2_store(c, v2_sub(T0, T2));
        v2_store(d, v2_sub(T1, R));
      }
    }
  }
}

/* X[k] from Z[k] (z) and Z[half-k] (zc), as real_power computes it: E = (Z + conj Zc) / 2,
 * O = (Z - conj Zc) / 2i, X = E + (c - i s) O, the scalar sums in the scalar order. */
static inline v2 split(v2 z, v2 zc, double cos, double sin) {
  const v2 flip_high = v2_set(0.0, -0.0);
  const v2 w = v2_flip(zc, flip_high);
  const v2 e = v2_mul(v2_dup(0.5), v2_add(z, w));
  const v2 o = v2_mul(v2_swap(v2_sub(z, w)), v2_set(0.5, -0.5));
  const v2 x = v2_add(e, v2_mul(v2_dup(cos), o));
  return v2_add(x, v2_flip(v2_mul(v2_dup(sin), v2_swap(o)), flip_high));
}

void v2_split_power(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT power, int first) {
  const int half = plan->half;
  const double *cos = plan->cos, *sin = plan->sin;
  int k = first;
  /* Two bins at a time, so the two sums of squares are one add. */
  for (; k + 1 < half; k += 2) {
    const v2 x0 = split(v2_load(z + 2 * k), v2_load(z + 2 * (half - k)), cos[k], sin[k]);
    const v2 x1 = split(v2_load(z + 2 * k + 2), v2_load(z + 2 * (half - k) - 2), cos[k + 1], sin[k + 1]);
    const v2 s0 = v2_mul(x0, x0), s1 = v2_mul(x1, x1);
    v2_store(power + k, v2_add(v2_lows(s0, s1), v2_highs(s0, s1)));
  }
  for (; k < half; k++) {
    const v2 x = split(v2_load(z + 2 * k), v2_load(z + 2 * (half - k)), cos[k], sin[k]);
    const v2 s = v2_mul(x, x);
    power[k] = v2_low(v2_add(s, v2_swap(s)));
  }
}

void v2_split_spectrum(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT spec, int first, int last) {
  const int half = plan->half;
  for (int k = first; k <= last; k++)
    v2_store(spec + 2 * k, split(v2_load(z + 2 * k), v2_load(z + 2 * (half - k)), plan->cos[k], plan->sin[k]));
}

void v2_split_inverse(const RealPlan *plan, const double *RESTRICT spec, double *RESTRICT w) {
  const int half = plan->half;
  const v2 flip_high = v2_set(0.0, -0.0), flip_low = v2_set(-0.0, 0.0), halves = v2_dup(0.5);
  for (int k = 0; k < half; k++) {
    const v2 x = v2_load(spec + 2 * k), xc = v2_flip(v2_load(spec + 2 * (half - k)), flip_high);
    const v2 e = v2_mul(halves, v2_add(x, xc)), d = v2_mul(halves, v2_sub(x, xc));
    const double c = plan->cos[k], s = plan->sin[k];
    /* O = D (c + i s): (dr c + di (-s), di c + dr s). */
    const v2 o = v2_add(v2_mul(d, v2_dup(c)), v2_mul(v2_swap(d), v2_set(-s, s)));
    /* E + iO: (er + (-oi), ei + or). */
    v2_store(w + 2 * k, v2_add(e, v2_flip(v2_swap(o), flip_low)));
  }
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int fft_v2_unused;
#endif
