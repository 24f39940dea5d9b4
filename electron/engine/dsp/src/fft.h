/* The FFTs of electron/engine/audio/complex-fft.ts and real-fft.ts in C, operation for
 * operation (the same radix-4 butterflies in the same order, the same split step), with
 * the twiddle tables computed by the TypeScript side (Math.cos/Math.sin) and copied in,
 * so every output is bit for bit the TypeScript one. fft.c holds the plans and the scalar
 * loops; the same loops run on vectors (one complex number per lane pair) in fft-v2.c
 * (SSE2, NEON) and fft-avx.c (AVX, chosen at run time): each lane does the scalar
 * operations in the scalar order, so the values do not depend on which loops ran. */
#ifndef BACKBEAT_FFT_H
#define BACKBEAT_FFT_H
#include <stddef.h>

#if defined(_MSC_VER)
#define RESTRICT __restrict
#else
#define RESTRICT restrict
#endif

typedef struct {
  int size;   /* complex points */
  int width;  /* log2 of the first pass's stride */
  double *table;  /* cos, -sin of pi*i/size at [i], [i+1], i even; 2*size values */
  int *bitrev;
  int avx; /* 1: run fft-avx.c's loops (this CPU has AVX and the plan is big enough) */
} ComplexPlan;

typedef struct {
  int size; /* real samples */
  int half;
  ComplexPlan *fft;
  double *z, *w;     /* 2*half scratch each */
  double *cos, *sin; /* half+1 each */
} RealPlan;

/* NULL when out of memory. `table` holds 2*size values. */
ComplexPlan *complex_plan_new(int size, const double *table);
void complex_plan_free(ComplexPlan *plan);
/* out = DFT(data), interleaved, out != data. */
void complex_forward(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data);
/* out = inverse DFT(data) / size. */
void complex_inverse(const ComplexPlan *plan, double *RESTRICT out, const double *RESTRICT data);

RealPlan *real_plan_new(int size, const double *half_table, const double *cos, const double *sin);
void real_plan_free(RealPlan *plan);
void real_power(RealPlan *plan, const double *frame, double *power);
void real_spectrum(RealPlan *plan, const double *frame, double *spec, int from, int to);
void real_inverse(RealPlan *plan, const double *spec, double *out);
#endif
