/* The rational resampler's filter bank loop (audio/polyphase-resampler.ts, produce):
 * each output the sum of its phase's taps times the input, taken as two interleaved
 * sums (even taps, odd taps) in the TypeScript's order, so bit for bit its outputs. */
#ifndef BACKBEAT_POLYPHASE_H
#define BACKBEAT_POLYPHASE_H
#include <stdint.h>

typedef struct {
  int64_t up, down; /* outputs per `down` inputs */
  int first_tap;    /* offset of a phase's first tap from floor(input position) */
  int tap_count;    /* taps per phase, even */
  double *bank;     /* phase-major: up * tap_count */
} PolyphasePlan;

/* NULL when out of memory. */
PolyphasePlan *polyphase_plan_new(int up, int down, int first_tap, int tap_count, const double *bank);
void polyphase_plan_free(PolyphasePlan *plan);
/* The input index buf[0] holds is buf_start; writes outputs next_out..next_out+count-1.
 * The caller has checked that every tap read lies inside buf. */
void polyphase_run(const PolyphasePlan *plan, const float *buf, int64_t buf_start, int64_t next_out, float *out,
                   int64_t count);
#endif
