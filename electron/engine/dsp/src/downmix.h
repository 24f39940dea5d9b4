/* The stereo downmix of audio/downmix.ts: (left + right) * 0.5 in double precision,
 * rounded once to float, as the JavaScript computes it on Float32Arrays. */
#ifndef BACKBEAT_DOWNMIX_H
#define BACKBEAT_DOWNMIX_H
#include <stddef.h>

#include "fft.h"

void mix_stereo(float *RESTRICT out, const float *RESTRICT left, const float *RESTRICT right, size_t n);
#endif
