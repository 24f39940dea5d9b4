// Backup ids are checked in two places: assertBackupId (engine, zod-free so worker threads
// load fast) and backupIdSchema (IPC contract). They must give the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupIdSchema } from '../../../../shared/contract';
import { ContractError } from '../../../../shared/errors';
import { assertBackupId, newBackupId } from '../backup-id';

const SAMPLES: unknown[] = [
  newBackupId().id,
  '20261121-233012-123-a1b2c3',
  'a',
  'A_b-c',
  '0'.repeat(128),
  '0'.repeat(129),
  '',
  '-leading-dash',
  '_leading-underscore',
  'has space',
  'dot.ted',
  '../escape',
  'slash/inside',
  'back\\slash',
  'trailing-newline\n',
  'ümlaut',
  42,
  null,
  undefined,
  { id: 'x' },
];

function accepts(id: unknown): boolean {
  try {
    assertBackupId(id);
    return true;
  } catch (err) {
    assert.ok(err instanceof ContractError && err.code === 'bad-arguments');
    return false;
  }
}

test('assertBackupId accepts exactly the ids the IPC contract accepts', () => {
  for (const id of SAMPLES) {
    assert.equal(accepts(id), backupIdSchema.safeParse(id).success, `for ${JSON.stringify(id)}`);
  }
  assert.equal(accepts(newBackupId().id), true);
  assert.equal(accepts('../escape'), false);
});
