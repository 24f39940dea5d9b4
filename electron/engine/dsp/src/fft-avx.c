/* See fft-avx.h. A register holds (re, im) of two complex numbers; the lane-by-lane
 * arithmetic is fft-v2.c's, which is the scalar code's. */
#include "fft-avx.h"

#if FFT_USE_AVX
#include <immintrin.h>

#define AVX __attribute__((target("avx")))
typedef __m256d v4;

/* libgcc / compiler-rt read the CPU's features in a constructor when the addon loads
 * (AVX counts only where the operating system saves the 256-bit registers). */
int avx_supported(void) { return __builtin_cpu_supports("avx") ? 1 : 0; }

AVX static inline v4 v4_set2(double lo, double hi) { return _mm256_set_pd(hi, lo, hi, lo); }
/* (a[0], a[1], b[0], b[1]) */
AVX static inline v4 v4_load2(const double *a, const double *b) {
  return _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(a)), _mm_loadu_pd(b), 1);
}
/* (c[0], c[0], c[1], c[1]): one value per complex number. */
AVX static inline v4 v4_spread(const double *c) {
  const __m128d pair = _mm_loadu_pd(c);
  return _mm256_permute_pd(_mm256_insertf128_pd(_mm256_castpd128_pd256(pair), pair, 1), 0xC);
}
/* re and im of each complex number exchanged. */
AVX static inline v4 v4_swap(v4 a) { return _mm256_permute_pd(a, 0x5); }
/* The two complex numbers exchanged. */
AVX static inline v4 v4_reverse(v4 a) { return _mm256_permute2f128_pd(a, a, 1); }
AVX static inline v4 v4_flip(v4 a, v4 mask) { return _mm256_xor_pd(a, mask); }
AVX static inline v4 twiddle(v4 x, v4 t, v4 u) {
  return _mm256_add_pd(_mm256_mul_pd(x, t), _mm256_mul_pd(v4_swap(x), u));
}

/* The low complex numbers of a and b, then the high ones. */
AVX static inline v4 v4_lows(v4 a, v4 b) { return _mm256_permute2f128_pd(a, b, 0x20); }
AVX static inline v4 v4_highs(v4 a, v4 b) { return _mm256_permute2f128_pd(a, b, 0x31); }

/* fft-v2.c's first pass on two groups at a time (t in the low half, t + 1 in the high). */
AVX void avx_first_pass(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data, int inverse) {
  const int size = plan->size * 2;
  const int step = 1 << plan->width;
  const int len = (size / step) << 1;
  const int *bitrev = plan->bitrev;
  if (len == 4) {
    for (int o = 0, t = 0; o < size; o += 2 * len, t += 2) {
      const double *p = data + bitrev[t], *q = data + bitrev[t + 1];
      const v4 e = v4_load2(p, q), d = v4_load2(p + step, q + step);
      const v4 sum = _mm256_add_pd(e, d), difference = _mm256_sub_pd(e, d);
      _mm256_storeu_pd(out + o, v4_lows(sum, difference));
      _mm256_storeu_pd(out + o + 4, v4_highs(sum, difference));
    }
    return;
  }
  const int step2 = step * 2, step3 = step * 3;
  const v4 flip_high = v4_set2(0.0, -0.0);
  const v4 t3_sign = inverse ? _mm256_set1_pd(-0.0) : _mm256_setzero_pd();
  for (int o = 0, t = 0; o < size; o += 2 * len, t += 2) {
    const double *p = data + bitrev[t], *q = data + bitrev[t + 1];
    const v4 A = v4_load2(p, q), B = v4_load2(p + step, q + step);
    const v4 C = v4_load2(p + step2, q + step2), D = v4_load2(p + step3, q + step3);
    const v4 T0 = _mm256_add_pd(A, C), T1 = _mm256_sub_pd(A, C), T2 = _mm256_add_pd(B, D);
    const v4 R = v4_flip(v4_swap(v4_flip(_mm256_sub_pd(B, D), t3_sign)), flip_high);
    const v4 X0 = _mm256_add_pd(T0, T2), X1 = _mm256_add_pd(T1, R);
    const v4 X2 = _mm256_sub_pd(T0, T2), X3 = _mm256_sub_pd(T1, R);
    _mm256_storeu_pd(out + o, v4_lows(X0, X1));
    _mm256_storeu_pd(out + o + 4, v4_lows(X2, X3));
    _mm256_storeu_pd(out + o + 8, v4_highs(X0, X1));
    _mm256_storeu_pd(out + o + 12, v4_highs(X2, X3));
  }
}

AVX void avx_radix4_passes(const ComplexPlan *plan, double *RESTRICT out, int inverse) {
  const int size = plan->size * 2;
  const double *table = plan->table;
  const v4 flip_high = v4_set2(0.0, -0.0);
  const v4 u_sign = inverse ? v4_set2(0.0, -0.0) : v4_set2(-0.0, 0.0);
  const v4 t3_sign = inverse ? _mm256_set1_pd(-0.0) : _mm256_setzero_pd();
  for (int step = (1 << plan->width) >> 2; step >= 2; step >>= 2) {
    const int len = (size / step) << 1;
    const int quarter = len >> 2; /* >= 4: a whole number of butterfly pairs */
    /* Butterflies j and j + 2, twiddles k and k + step. */
    for (int j = 0, k = 0; j < quarter; j += 4, k += 2 * step) {
      const v4 wB = v4_load2(table + k, table + k + step);
      const v4 wC = v4_load2(table + 2 * k, table + 2 * k + 2 * step);
      const v4 wD = v4_load2(table + 3 * k, table + 3 * k + 3 * step);
      const v4 tB = _mm256_unpacklo_pd(wB, wB), uB = v4_flip(_mm256_unpackhi_pd(wB, wB), u_sign);
      const v4 tC = _mm256_unpacklo_pd(wC, wC), uC = v4_flip(_mm256_unpackhi_pd(wC, wC), u_sign);
      const v4 tD = _mm256_unpacklo_pd(wD, wD), uD = v4_flip(_mm256_unpackhi_pd(wD, wD), u_sign);
      for (int A = j; A < size; A += len) {
        double *a = out + A, *b = a + quarter, *c = b + quarter, *d = c + quarter;
        const v4 x = _mm256_loadu_pd(a);
        const v4 MB = twiddle(_mm256_loadu_pd(b), tB, uB);
        const v4 MC = twiddle(_mm256_loadu_pd(c), tC, uC);
        const v4 MD = twiddle(_mm256_loadu_pd(d), tD, uD);
        const v4 T0 = _mm256_add_pd(x, MC), T1 = _mm256_sub_pd(x, MC), T2 = _mm256_add_pd(MB, MD);
        const v4 R = v4_flip(v4_swap(v4_flip(_mm256_sub_pd(MB, MD), t3_sign)), flip_high);
        _mm256_storeu_pd(a, _mm256_add_pd(T0, T2));
        _mm256_storeu_pd(b, _mm256_add_pd(T1, R));
        _mm256_storeu_pd(c, _mm256_sub_pd(T0, T2));
        _mm256_storeu_pd(d, _mm256_sub_pd(T1, R));
      }
    }
  }
}

/* fft-v2.c's split for bins k, k + 1: z holds Z[k], Z[k+1]; zc holds Z[half-k], Z[half-k-1]. */
AVX static inline v4 split(v4 z, v4 zc, const double *cos, const double *sin) {
  const v4 flip_high = v4_set2(0.0, -0.0);
  const v4 w = v4_flip(zc, flip_high);
  const v4 e = _mm256_mul_pd(_mm256_set1_pd(0.5), _mm256_add_pd(z, w));
  const v4 o = _mm256_mul_pd(v4_swap(_mm256_sub_pd(z, w)), v4_set2(0.5, -0.5));
  const v4 x = _mm256_add_pd(e, _mm256_mul_pd(v4_spread(cos), o));
  return _mm256_add_pd(x, v4_flip(_mm256_mul_pd(v4_spread(sin), v4_swap(o)), flip_high));
}

/* Z[half-k], Z[half-k-1] */
AVX static inline v4 mirrored(const double *z, int half, int k) {
  return v4_reverse(_mm256_loadu_pd(z + 2 * (half - k) - 2));
}

AVX void avx_split_power(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT power) {
  const int half = plan->half;
  int k = 1;
  for (; k + 1 < half; k += 2) {
    const v4 x = split(_mm256_loadu_pd(z + 2 * k), mirrored(z, half, k), plan->cos + k, plan->sin + k);
    const v4 squares = _mm256_mul_pd(x, x);
    /* (xr^2 + xi^2) of each bin, in both places of its pair */
    const v4 sums = _mm256_hadd_pd(squares, squares);
    _mm_storeu_pd(power + k, _mm_unpacklo_pd(_mm256_castpd256_pd128(sums), _mm256_extractf128_pd(sums, 1)));
  }
  v2_split_power(plan, z, power, k);
}

AVX void avx_split_spectrum(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT spec, int first,
                            int last) {
  const int half = plan->half;
  int k = first;
  for (; k + 1 <= last; k += 2)
    _mm256_storeu_pd(spec + 2 * k,
                     split(_mm256_loadu_pd(z + 2 * k), mirrored(z, half, k), plan->cos + k, plan->sin + k));
  v2_split_spectrum(plan, z, spec, k, last);
}

AVX void avx_split_inverse(const RealPlan *plan, const double *RESTRICT spec, double *RESTRICT w) {
  const int half = plan->half; /* even: the real plan's size is at least 4 */
  const v4 flip_high = v4_set2(0.0, -0.0), flip_low = v4_set2(-0.0, 0.0), halves = _mm256_set1_pd(0.5);
  for (int k = 0; k < half; k += 2) {
    const v4 x = _mm256_loadu_pd(spec + 2 * k), xc = v4_flip(mirrored(spec, half, k), flip_high);
    const v4 e = _mm256_mul_pd(halves, _mm256_add_pd(x, xc)), d = _mm256_mul_pd(halves, _mm256_sub_pd(x, xc));
    const v4 c = v4_spread(plan->cos + k), s = v4_spread(plan->sin + k);
    const v4 o = _mm256_add_pd(_mm256_mul_pd(d, c), _mm256_mul_pd(v4_swap(d), v4_flip(s, flip_low)));
    _mm256_storeu_pd(w + 2 * k, _mm256_add_pd(e, v4_flip(v4_swap(o), flip_low)));
  }
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int fft_avx_unused;
#endif
