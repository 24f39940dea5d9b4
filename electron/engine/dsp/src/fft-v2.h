/* fft.c's inner loops with one complex number per two-double register (v2.h): the same
 * operations on the same operands in the same order as the scalar loops of fft.c, two
 * lanes at a time, so every value is bit for bit the scalar one (dsp-fft.test.ts). fft.c
 * runs these wherever FFT_USE_V2 is 1 and its scalar loops elsewhere; BACKBEAT_FFT_SCALAR
 * forces the scalar loops (to test them on a machine that has vectors). */
#ifndef BACKBEAT_FFT_V2_H
#define BACKBEAT_FFT_V2_H
#include "fft.h"
#include "v2.h"

#if V2_AVAILABLE && !defined(BACKBEAT_FFT_SCALAR)
#define FFT_USE_V2 1
void v2_first_pass(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data, int inverse);
void v2_radix4_passes(const ComplexPlan *plan, double *RESTRICT out, int inverse);
/* power[k] = |X[k]|^2 for k in first..half-1 (first >= 1) from the half-length transform z. */
void v2_split_power(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT power, int first);
/* spec[2k], spec[2k+1] = X[k] for k in first..last (1 <= first, last <= half-1). */
void v2_split_spectrum(const RealPlan *plan, const double *RESTRICT z, double *RESTRICT spec, int first, int last);
/* The inverse split: w = E + iO for k in 0..half-1 from the spectrum. */
void v2_split_inverse(const RealPlan *plan, const double *RESTRICT spec, double *RESTRICT w);
#else
#define FFT_USE_V2 0
#endif
#endif
