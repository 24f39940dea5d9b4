// The median by selection (the tuning estimate's threshold) against the median of a
// sorted copy, numpy's way: exactly the same value, for odd and even counts, ties,
// sorted and reversed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianInPlace } from '../stats';

function sortedMedian(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}

test('the median by selection is the sorted median exactly', () => {
  let seed = 11;
  const rand = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const cases: Float64Array[] = [];
  for (let n = 1; n <= 64; n++) {
    cases.push(Float64Array.from({ length: n }, rand));
    // Many ties: values from a handful.
    cases.push(Float64Array.from({ length: n }, () => Math.floor(rand() * 4)));
  }
  const big = Float64Array.from({ length: 100_001 }, () => rand() ** 3);
  cases.push(big, big.subarray(1), Float64Array.from(big).sort(), Float64Array.from(big).sort().reverse());
  for (const xs of cases) {
    const want = sortedMedian(xs);
    assert.ok(Object.is(medianInPlace(Float64Array.from(xs)), want), `${xs.length} values`);
  }
  assert.ok(Number.isNaN(medianInPlace(new Float64Array(0))));
});
