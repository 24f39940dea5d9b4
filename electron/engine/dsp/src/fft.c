#include "fft.h"

#include <stdlib.h>
#include <string.h>

#include "fft-avx.h"
#include "fft-v2.h"

ComplexPlan *complex_plan_new(int size, const double *table) {
  ComplexPlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->size = size;
  int power = 0;
  for (int t = 1; size > t; t <<= 1) power++;
  /* Full radix-4 starts with 8-long groups (radix-4 on pairs), otherwise with 4-long. */
  plan->width = power % 2 == 0 ? power - 1 : power;
  plan->table = malloc(sizeof(double) * 2 * (size_t)size);
  plan->bitrev = malloc(sizeof(int) * ((size_t)1 << plan->width));
  if (!plan->table || !plan->bitrev) {
    complex_plan_free(plan);
    return NULL;
  }
  memcpy(plan->table, table, sizeof(double) * 2 * (size_t)size);
#if FFT_USE_AVX
  plan->avx = size >= 16 && avx_supported();
#endif
  for (int j = 0; j < (1 << plan->width); j++) {
    int r = 0;
    for (int shift = 0; shift < plan->width; shift += 2) r |= ((j >> shift) & 3) << (plan->width - shift - 2);
    plan->bitrev[j] = r;
  }
  return plan;
}

void complex_plan_free(ComplexPlan *plan) {
  if (!plan) return;
  free(plan->table);
  free(plan->bitrev);
  free(plan);
}

#if !FFT_USE_V2
/* The scalar loops: the reference that fft-v2.c's vector loops match bit for bit, and
 * what runs where no two-double vectors exist. */

/* The permuting first pass: radix-2 on 4-long groups, or radix-4 on 8-long ones. */
static void first_pass(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data, int inverse) {
  const int size = plan->size * 2;
  const int step = 1 << plan->width;
  const int len = (size / step) << 1;
  const int *bitrev = plan->bitrev;
  if (len == 4) {
    for (int o = 0, t = 0; o < size; o += len, t++) {
      const int off = bitrev[t];
      const double er = data[off], ei = data[off + 1], odr = data[off + step], odi = data[off + step + 1];
      out[o] = er + odr;
      out[o + 1] = ei + odi;
      out[o + 2] = er - odr;
      out[o + 3] = ei - odi;
    }
    return;
  }
  const int step2 = step * 2, step3 = step * 3;
  for (int o = 0, t = 0; o < size; o += len, t++) {
    const int off = bitrev[t];
    const double Ar = data[off], Ai = data[off + 1];
    const double Br = data[off + step], Bi = data[off + step + 1];
    const double Cr = data[off + step2], Ci = data[off + step2 + 1];
    const double Dr = data[off + step3], Di = data[off + step3 + 1];
    const double T0r = Ar + Cr, T0i = Ai + Ci, T1r = Ar - Cr, T1i = Ai - Ci;
    const double T2r = Br + Dr, T2i = Bi + Di;
    const double T3r = inverse ? -(Br - Dr) : Br - Dr;
    const double T3i = inverse ? -(Bi - Di) : Bi - Di;
    out[o] = T0r + T2r;
    out[o + 1] = T0i + T2i;
    out[o + 2] = T1r + T3i;
    out[o + 3] = T1i - T3r;
    out[o + 4] = T0r - T2r;
    out[o + 5] = T0i - T2i;
    out[o + 6] = T1r - T3i;
    out[o + 7] = T1i + T3r;
  }
}

/* The radix-4 passes; the inverse uses the conjugate twiddles and flips T3's sign
 * (fft.js's direction -1), both exact. */
static void radix4_passes(const ComplexPlan *plan, double *RESTRICT out, int inverse) {
  const int size = plan->size * 2;
  const double *table = plan->table;
  const double sign = inverse ? -1.0 : 1.0;
  for (int step = (1 << plan->width) >> 2; step >= 2; step >>= 2) {
    const int len = (size / step) << 1;
    const int quarter = len >> 2;
    for (int j = 0, k = 0; j < quarter; j += 2, k += step) {
      const double tBr = table[k], tBi = sign * table[k + 1];
      const double tCr = table[2 * k], tCi = sign * table[2 * k + 1];
      const double tDr = table[3 * k], tDi = sign * table[3 * k + 1];
      for (int A = j; A < size; A += len) {
        const int B = A + quarter, C = B + quarter, D = C + quarter;
        const double Ar = out[A], Ai = out[A + 1], Br = out[B], Bi = out[B + 1];
        const double Cr = out[C], Ci = out[C + 1], Dr = out[D], Di = out[D + 1];
        const double MBr = Br * tBr - Bi * tBi, MBi = Br * tBi + Bi * tBr;
        const double MCr = Cr * tCr - Ci * tCi, MCi = Cr * tCi + Ci * tCr;
        const double MDr = Dr * tDr - Di * tDi, MDi = Dr * tDi + Di * tDr;
        const double T0r = Ar + MCr, T0i = Ai + MCi, T1r = Ar - MCr, T1i = Ai - MCi;
        const double T2r = MBr + MDr, T2i = MBi + MDi;
        const double T3r = inverse ? -(MBr - MDr) : MBr - MDr;
        const double T3i = inverse ? -(MBi - MDi) : MBi - MDi;
        out[A] = T0r + T2r;
        out[A + 1] = T0i + T2i;
        out[B] = T1r + T3i;
        out[B + 1] = T1i - T3r;
        out[C] = T0r - T2r;
        out[C + 1] = T0i - T2i;
        out[D] = T1r - T3i;
        out[D + 1] = T1i + T3r;
      }
    }
  }
}

/* X[k] (1 <= k <= half-1) from Z[k] and Z[half-k]: E = (Z + conj Zc) / 2, O = (Z - conj Zc) / 2i,
 * X = E + (c - i s) O, as real-fft.ts computes it. */
static void split_bin(const RealPlan *plan, const double *RESTRICT z, int k, double *xr, double *xi) {
  const int a = 2 * k, b = 2 * (plan->half - k);
  const double zr = z[a], zi = z[a + 1], cr = z[b], ci = -z[b + 1];
  const double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
  const double odr = 0.5 * (zi - ci), odi = -0.5 * (zr - cr);
  const double c = plan->cos[k], s = plan->sin[k];
  *xr = er + c * odr + s * odi;
  *xi = ei + c * odi - s * odr;
}

/* See real_power: |X[k]|^2 for k in 1..half-1 (both ends handled there). */
static void split_power(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT power) {
  for (int k = 1; k < plan->half; k++) {
    double xr, xi;
    split_bin(plan, z, k, &xr, &xi);
    power[k] = xr * xr + xi * xi;
  }
}

static void split_spectrum(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT spec, int first, int last) {
  for (int k = first; k <= last; k++) split_bin(plan, z, k, &spec[2 * k], &spec[2 * k + 1]);
}

static void split_inverse(const RealPlan *plan, const double *RESTRICT spec, double *RESTRICT w) {
  const int half = plan->half;
  for (int k = 0; k < half; k++) {
    const int a = 2 * k, b = 2 * (half - k);
    const double xr = spec[a], xi = spec[a + 1], cr = spec[b], ci = -spec[b + 1];
    const double er = 0.5 * (xr + cr), ei = 0.5 * (xi + ci);
    const double dr = 0.5 * (xr - cr), di = 0.5 * (xi - ci);
    const double c = plan->cos[k], s = plan->sin[k];
    const double odr = dr * c - di * s, odi = dr * s + di * c;
    w[a] = er - odi;
    w[a + 1] = ei + odr;
  }
}
#elif FFT_USE_AVX
static void first_pass(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data, int inverse) {
  if (plan->avx) avx_first_pass(plan, out, data, inverse);
  else v2_first_pass(plan, out, data, inverse);
}
static void radix4_passes(const ComplexPlan *plan, double *RESTRICT out, int inverse) {
  if (plan->avx) avx_radix4_passes(plan, out, inverse);
  else v2_radix4_passes(plan, out, inverse);
}
static void split_power(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT power) {
  if (plan->fft->avx) avx_split_power(plan, z, power);
  else v2_split_power(plan, z, power, 1);
}
static void split_spectrum(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT spec, int first, int last) {
  if (plan->fft->avx) avx_split_spectrum(plan, z, spec, first, last);
  else v2_split_spectrum(plan, z, spec, first, last);
}
static void split_inverse(const RealPlan *plan, const double *RESTRICT spec, double *RESTRICT w) {
  if (plan->fft->avx) avx_split_inverse(plan, spec, w);
  else v2_split_inverse(plan, spec, w);
}
#else
#define first_pass v2_first_pass
#define radix4_passes v2_radix4_passes
#define split_power(plan, z, power) v2_split_power(plan, z, power, 1)
#define split_spectrum v2_split_spectrum
#define split_inverse v2_split_inverse
#endif

void complex_forward(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data) {
  first_pass(plan, out, data, 0);
  radix4_passes(plan, out, 0);
}

void complex_inverse(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data) {
  first_pass(plan, out, data, 1);
  radix4_passes(plan, out, 1);
  /* x / n and x * (1 / n) round the same real number x 2^-log2(n) (n is a power of two,
   * so 1 / n is exact): the same value, and a multiply is several times cheaper. */
  const double scale = 1.0 / plan->size;
  for (int i = 0; i < plan->size * 2; i++) out[i] *= scale;
}

RealPlan *real_plan_new(int size, const double *half_table, const double *cos, const double *sin) {
  RealPlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->size = size;
  plan->half = size / 2;
  plan->fft = complex_plan_new(plan->half, half_table);
  plan->z = malloc(sizeof(double) * (size_t)size);
  plan->w = malloc(sizeof(double) * (size_t)size);
  plan->cos = malloc(sizeof(double) * (size_t)(plan->half + 1));
  plan->sin = malloc(sizeof(double) * (size_t)(plan->half + 1));
  if (!plan->fft || !plan->z || !plan->w || !plan->cos || !plan->sin) {
    real_plan_free(plan);
    return NULL;
  }
  memcpy(plan->cos, cos, sizeof(double) * (size_t)(plan->half + 1));
  memcpy(plan->sin, sin, sizeof(double) * (size_t)(plan->half + 1));
  return plan;
}

void real_plan_free(RealPlan *plan) {
  if (!plan) return;
  complex_plan_free(plan->fft);
  free(plan->z);
  free(plan->w);
  free(plan->cos);
  free(plan->sin);
  free(plan);
}

/* See real-fft.ts: even samples as real parts, odd as imaginary, then the split step
 * X[k] = E[k] + exp(-2 pi i k / size) O[k]. */
void real_power(RealPlan *plan, const double *frame, double *power) {
  const int half = plan->half;
  double *z = plan->z;
  complex_forward(plan->fft, z, frame);
  const double dc = z[0] + z[1], nyquist = z[0] - z[1];
  power[0] = dc * dc;
  power[half] = nyquist * nyquist;
  split_power(plan, z, power);
}

void real_spectrum(RealPlan *plan, const double *frame, double *spec, int from, int to) {
  const int half = plan->half;
  double *z = plan->z;
  complex_forward(plan->fft, z, frame);
  if (from == 0) {
    spec[0] = z[0] + z[1];
    spec[1] = 0;
  }
  if (to == half) {
    spec[2 * half] = z[0] - z[1];
    spec[2 * half + 1] = 0;
  }
  split_spectrum(plan, z, spec, from > 1 ? from : 1, to < half - 1 ? to : half - 1);
}

void real_inverse(RealPlan *plan, const double *spec, double *out) {
  /* out may be spec's own memory: spec is read whole into w first. */
  split_inverse(plan, spec, plan->w);
  complex_inverse(plan->fft, out, plan->w);
}
