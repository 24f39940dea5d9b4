import test from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { describeZodIssues, firstZodIssue } from '../zod-issues';

const schema = z.object({
  name: z
    .string()
    .max(3, 'Names are at most 3 characters.')
    .regex(/^[a-z]*$/, 'Use a to z only.'),
  keep: z.number(),
});

function errorOf(value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  assert.equal(parsed.success, false);
  return (parsed as { error: z.ZodError }).error;
}

test('sentences are joined with a space, with their field when asked', () => {
  const error = errorOf({ name: 'ABCD', keep: 1 });
  assert.equal(describeZodIssues(error), 'Names are at most 3 characters. Use a to z only.');
  assert.equal(
    describeZodIssues(error, { withPath: true }),
    'name: Names are at most 3 characters. name: Use a to z only.',
  );
});

test("bare phrases are joined with '; ', and `most` caps how many are said", () => {
  const error = errorOf({ name: 'ABCD', keep: 'x' });
  const all = describeZodIssues(error, { withPath: true });
  assert.equal(all.split('; ').length, 3, all);
  assert.match(all, /keep: /);
  assert.equal(describeZodIssues(error, { most: 1 }), 'Names are at most 3 characters.');
});

test('firstZodIssue says the first rule broken, and the fallback only when there is none', () => {
  assert.equal(
    firstZodIssue(errorOf({ name: 'ABCD', keep: 1 }), 'fallback'),
    'Names are at most 3 characters.',
  );
  assert.equal(firstZodIssue(new z.ZodError([]), 'fallback'), 'fallback');
});
