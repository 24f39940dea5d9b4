/* Two doubles in one register, for kernels that keep one complex number (re, im) per
 * register: SSE2 on x86-64 (every x86-64 CPU has it; GCC, Clang and MSVC), the GCC/Clang
 * vector extension elsewhere (NEON on arm64), and V2_AVAILABLE 0 where neither exists
 * (the kernels then run their scalar code). Each operation is one IEEE operation per lane,
 * so a kernel written with these rounds exactly like the scalar code it replaces, as long
 * as it keeps each lane's operations and operands: a - b is a + (-b) and -(x * y) is
 * x * (-y) in IEEE arithmetic, which is what v2_neg and the sign masks rely on. No fused
 * multiply-add exists here (binding.gyp also forbids the compiler to contract into one).
 * BACKBEAT_V2_GENERIC forces the vector extension on x86 too, to test that path here. */
#ifndef BACKBEAT_V2_H
#define BACKBEAT_V2_H

#if (defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)) && !defined(BACKBEAT_V2_GENERIC)
#include <emmintrin.h>
#define V2_AVAILABLE 1
typedef __m128d v2;
static inline v2 v2_load(const double *p) { return _mm_loadu_pd(p); }
static inline void v2_store(double *p, v2 a) { _mm_storeu_pd(p, a); }
static inline v2 v2_add(v2 a, v2 b) { return _mm_add_pd(a, b); }
static inline v2 v2_sub(v2 a, v2 b) { return _mm_sub_pd(a, b); }
static inline v2 v2_mul(v2 a, v2 b) { return _mm_mul_pd(a, b); }
/* (lo, hi) */
static inline v2 v2_set(double lo, double hi) { return _mm_set_pd(hi, lo); }
static inline v2 v2_dup(double x) { return _mm_set1_pd(x); }
/* (a1, a0) */
static inline v2 v2_swap(v2 a) { return _mm_shuffle_pd(a, a, 1); }
/* (a0, b0) and (a1, b1) */
static inline v2 v2_lows(v2 a, v2 b) { return _mm_unpacklo_pd(a, b); }
static inline v2 v2_highs(v2 a, v2 b) { return _mm_unpackhi_pd(a, b); }
/* Flips the sign of the lanes whose `mask` lane is -0.0 (exact negation). */
static inline v2 v2_flip(v2 a, v2 mask) { return _mm_xor_pd(a, mask); }
static inline double v2_low(v2 a) { return _mm_cvtsd_f64(a); }
/* Each lane's square root, correctly rounded as sqrt() is. */
static inline v2 v2_sqrt(v2 a) { return _mm_sqrt_pd(a); }
static inline v2 v2_div(v2 a, v2 b) { return _mm_div_pd(a, b); }

#elif (defined(__GNUC__) || defined(__clang__))
#define V2_AVAILABLE 1
#include <math.h>
#include <string.h>
typedef double v2 __attribute__((vector_size(16)));
typedef long long v2_bits __attribute__((vector_size(16)));
static inline v2 v2_load(const double *p) {
  v2 a;
  memcpy(&a, p, sizeof a);
  return a;
}
static inline void v2_store(double *p, v2 a) { memcpy(p, &a, sizeof a); }
static inline v2 v2_add(v2 a, v2 b) { return a + b; }
static inline v2 v2_sub(v2 a, v2 b) { return a - b; }
static inline v2 v2_mul(v2 a, v2 b) { return a * b; }
static inline v2 v2_set(double lo, double hi) { return (v2){lo, hi}; }
static inline v2 v2_dup(double x) { return (v2){x, x}; }
static inline v2 v2_swap(v2 a) { return (v2){a[1], a[0]}; }
static inline v2 v2_lows(v2 a, v2 b) { return (v2){a[0], b[0]}; }
static inline v2 v2_highs(v2 a, v2 b) { return (v2){a[1], b[1]}; }
static inline v2 v2_flip(v2 a, v2 mask) { return (v2)((v2_bits)a ^ (v2_bits)mask); }
static inline double v2_low(v2 a) { return a[0]; }
static inline v2 v2_sqrt(v2 a) { return (v2){sqrt(a[0]), sqrt(a[1])}; }
static inline v2 v2_div(v2 a, v2 b) { return a / b; }

#else
#define V2_AVAILABLE 0
#endif

#endif
