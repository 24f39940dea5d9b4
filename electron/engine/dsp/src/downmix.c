#include "downmix.h"

void mix_stereo(float *RESTRICT out, const float *RESTRICT left, const float *RESTRICT right, size_t n) {
  /* A double sum of two floats, halved exactly, then one rounding: JavaScript's steps. */
  for (size_t i = 0; i < n; i++) out[i] = (float)(((double)left[i] + (double)right[i]) * 0.5);
}
