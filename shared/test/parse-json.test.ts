import test from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseJsonAs } from '../parse-json';

const schema = z.object({ version: z.literal(1), name: z.string() });

test('parseJsonAs gives the value of JSON text of the right shape', () => {
  assert.deepEqual(parseJsonAs(schema, '{"version":1,"name":"a"}'), { version: 1, name: 'a' });
});

test('parseJsonAs gives null for text that is not JSON and for JSON of another shape', () => {
  assert.equal(parseJsonAs(schema, '{"version":1,'), null);
  assert.equal(parseJsonAs(schema, ''), null);
  assert.equal(parseJsonAs(schema, '{"version":2,"name":"a"}'), null);
  assert.equal(parseJsonAs(schema, 'null'), null);
});
