// hypot2 is the constant-Q magnitude: it must give Math.hypot's value bit for bit
// (the chroma written before the inline version must not move), edge cases included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypot2 } from '../hypot';

test('hypot2 equals Math.hypot bit for bit, over many magnitudes and the edge cases', () => {
  let s = 11;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < 200_000; i++) {
    const a = (rand() - 0.5) * 10 ** (rand() * 40 - 20);
    const b = i % 5 === 0 ? 0 : (rand() - 0.5) * 10 ** (rand() * 40 - 20);
    assert.ok(Object.is(hypot2(a, b), Math.hypot(a, b)), `${a}, ${b}`);
  }
  const edges = [0, -0, 5e-324, 1e-310, 3, -4, 1e308, Infinity, -Infinity, NaN];
  for (const a of edges)
    for (const b of edges) assert.ok(Object.is(hypot2(a, b), Math.hypot(a, b)), `${a}, ${b}`);
});
