/* The radix-4 passes and the real transform's split steps with two complex numbers per
 * 256-bit AVX register (two neighbouring butterflies, or two neighbouring bins), for
 * x86-64 CPUs that have AVX, chosen at run time (avx_supported). Every lane does what the
 * scalar loops of fft.c do, operation for operation, like fft-v2.c (no FMA: AVX has none,
 * and binding.gyp forbids contraction). GCC and Clang only (their target attribute and
 * __builtin_cpu_supports); elsewhere fft-v2.c's loops run. BACKBEAT_FFT_NO_AVX leaves
 * these out (to test the SSE2 loops on a machine that has AVX). */
#ifndef BACKBEAT_FFT_AVX_H
#define BACKBEAT_FFT_AVX_H
#include "fft-v2.h"

/* Not under clang-cl (_MSC_VER): its builds may not link the runtime __builtin_cpu_supports needs. */
#if FFT_USE_V2 && (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(_MSC_VER) && !defined(BACKBEAT_FFT_NO_AVX)
#define FFT_USE_AVX 1
/* 1 when this CPU (and its operating system) runs AVX instructions. */
int avx_supported(void);
/* The permuting first pass and the radix-4 passes; plan->size >= 16. */
void avx_first_pass(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data, int inverse);
void avx_radix4_passes(const ComplexPlan *plan, double *RESTRICT out, int inverse);
void avx_split_power(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT power);
void avx_split_spectrum(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT spec, int first, int last);
void avx_split_inverse(const RealPlan *plan, const double *RESTRICT spec, double *RESTRICT w);
#else
#define FFT_USE_AVX 0
#endif
#endif
