/* A real FFT plan from the one array realFftTables(size) (audio/real-fft.ts) gives: the
 * half-size complex transform's twiddle table (size values), then cos and sin of the
 * split step (size/2 + 1 each). Kernels that own their transforms take this array, so
 * their plans hold exactly the tables RealFft computes. */
#ifndef BACKBEAT_REAL_TABLES_H
#define BACKBEAT_REAL_TABLES_H
#include <stddef.h>

#include "fft.h"

/* How many values realFftTables(size) holds. */
size_t real_tables_length(int size);
/* NULL when out of memory; the caller has checked the array's length. */
RealPlan *real_plan_from_tables(int size, const double *tables);
#endif
