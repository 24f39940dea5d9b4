// Order statistics and moments over plain number arrays. Percentiles interpolate
// linearly between order statistics (numpy's default), so small samples behave.

export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs as ArrayLike<number>).sort();
}

export function percentile(xs: ArrayLike<number>, q: number): number {
  return percentileSorted(sortedCopy(xs), q);
}

export function median(xs: ArrayLike<number>): number {
  return percentile(xs, 50);
}

/** Median and inter-quartile range (p75 - p25) from one sort. */
export function medianIqr(xs: ArrayLike<number>): { median: number; iqr: number } {
  const s = sortedCopy(xs);
  return { median: percentileSorted(s, 50), iqr: percentileSorted(s, 75) - percentileSorted(s, 25) };
}

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Population standard deviation. */
export function std(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / xs.length);
}

/** Shannon entropy of non-negative weights, normalised to [0, 1] by log(n). */
export function normalisedEntropy(weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += Math.max(0, weights[i]!);
  if (total <= 0 || weights.length < 2) return 0;
  let h = 0;
  for (let i = 0; i < weights.length; i++) {
    const p = Math.max(0, weights[i]!) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / Math.log(weights.length);
}

/** Pearson correlation of two equal-length vectors (0 when either is constant). */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * The median as numpy computes it (for an even count, the mean of the two middle
 * values), found by selection in linear time instead of a sort; reorders `xs`.
 * The same value as sorting first, exactly (it picks the same order statistics).
 */
export function medianInPlace(xs: Float64Array): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  select(xs, h);
  if (n % 2) return xs[h]!;
  // Everything before index h is now at most xs[h]: the other middle value is their largest.
  let below = xs[0]!;
  for (let i = 1; i < h; i++) if (xs[i]! > below) below = xs[i]!;
  return 0.5 * (below + xs[h]!);
}

/** Reorders xs so that xs[k] is its k-th smallest value, smaller ones before it and larger after. */
function select(xs: Float64Array, k: number): void {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi > lo) {
    // Median of three as the pivot, then Hoare's partition.
    const mid = (lo + hi) >> 1;
    const a = xs[lo]!;
    const b = xs[mid]!;
    const c = xs[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
