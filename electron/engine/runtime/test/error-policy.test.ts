// The error policy itself: expected errors pass through as they are; anything else
// becomes the one sentence, its details logged the first time it is met only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractError } from '../../../../shared/errors';
import { toUserError, UNEXPECTED_ERROR_MESSAGE } from '../error-policy';

describe('error policy', () => {
  it('passes a ContractError through unchanged and logs nothing', () => {
    const log: string[] = [];
    const expected = new ContractError('not-found', 'There is no backup x.');
    assert.equal(
      toUserError(expected, (d) => log.push(d)),
      expected,
    );
    assert.deepEqual(log, []);
  });

  it('maps a bug to the one sentence and logs its stack once, however often it is met', () => {
    const log: string[] = [];
    const bug = new RangeError('index 7 out of range');
    for (let i = 0; i < 3; i++) {
      const mapped = toUserError(bug, (d) => log.push(d));
      assert.equal(mapped.code, 'internal');
      assert.equal(mapped.message, UNEXPECTED_ERROR_MESSAGE);
    }
    assert.equal(log.length, 1);
    assert.match(log[0]!, /^unexpected error: RangeError: index 7 out of range\n\s+at /);
  });

  it('logs a thrown non-Error as it is', () => {
    const log: string[] = [];
    assert.equal(toUserError('disk on fire', (d) => log.push(d)).message, UNEXPECTED_ERROR_MESSAGE);
    assert.deepEqual(log, ['unexpected error: disk on fire']);
  });
});
