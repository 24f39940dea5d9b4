import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packList, unpackList } from '../packed-list';

interface Item {
  id: string;
  n: number;
  note: string | null;
}

function items(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({ id: `t${i}`, n: i, note: i % 3 ? null : `é ${i}` }));
}

test('a list comes back whole and in order, in parts of the given size', async () => {
  const list = items(2500);
  const packed = packList(list, 1000);
  assert.equal(packed.count, 2500);
  assert.equal(packed.parts.length, 3);
  assert.ok(packed.parts.every((p) => p instanceof SharedArrayBuffer));
  assert.deepEqual(await unpackList(packed), list);
});

test('an empty list has no parts and comes back empty', async () => {
  const packed = packList<Item>([]);
  assert.deepEqual(packed.parts, []);
  assert.deepEqual(await unpackList(packed), []);
});

test('unpacking lets the event loop turn between parts', async () => {
  const packed = packList(items(30), 10);
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  await unpackList(packed);
  assert.ok(turned, 'a callback queued for the next turn ran while the parts were read');
});

test('parts that do not add up to the count are refused', async () => {
  const packed = packList(items(20), 10);
  await assert.rejects(unpackList({ count: 20, parts: packed.parts.slice(1) }), /10 items instead of 20/);
});
