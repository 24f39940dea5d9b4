#include "real-tables.h"

size_t real_tables_length(int size) { return (size_t)size + 2 * ((size_t)size / 2 + 1); }

RealPlan *real_plan_from_tables(int size, const double *tables) {
  const double *cos = tables + size;
  return real_plan_new(size, tables, cos, cos + size / 2 + 1);
}
