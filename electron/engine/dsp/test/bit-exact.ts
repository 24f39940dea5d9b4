// What the kernels' tests share: a repeatable noise source and the bit-for-bit check
// (Object.is on every value, so -0 and NaN count too).
import assert from 'node:assert/strict';

/** A linear congruential generator: values in [-0.5, 0.5), the same for the same seed. */
export function noiseSource(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function assertSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++)
    assert.ok(Object.is(got[i], want[i]), `${what} [${i}]: ${got[i]} vs ${want[i]}`);
}
