// Cleanup as a job: all removed is success, some is partly done, none is a failure
// that names the first reason; and deletions that fail never stop the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackupListEntry } from '../../../../shared/types';
import { stateOf } from '../../runtime/jobs';
import { applyRetention } from '../../retention/apply';
import { cleanupVerdict } from '../service-cleanup';

function entry(id: string, sizeBytes: number, createdAt: string): BackupListEntry {
  return {
    id,
    status: 'ok',
    problem: null,
    name: null,
    createdAt,
    trigger: 'manual',
    trackCount: 1,
    beat3tower: 0,
    sizeBytes,
    sha256: 'x',
    pinned: false,
    verified: null,
    meta: null,
  };
}

test('cleanup verdicts: all removed succeeded, some partial, none failed', () => {
  const a = entry('a', 10, '2025-01-01T00:00:00Z');
  assert.equal(stateOf(cleanupVerdict({ removed: [a], failures: [] }).tally), 'succeeded');
  const some = cleanupVerdict({ removed: [a], failures: [{ id: 'b', error: 'EACCES' }] });
  assert.deepEqual(some.tally, { done: 1, total: 2, verb: 'removed' });
  assert.equal(stateOf(some.tally), 'partial');
  const none = cleanupVerdict({ removed: [], failures: [{ id: 'b', error: 'EACCES' }] });
  assert.equal(stateOf(none.tally), 'failed');
  assert.equal(
    none.noneDone,
    'None of the 1 backups could be removed (b: EACCES). They are all still there.',
  );
});

test('retention reports a failed deletion, goes on with the others and counts only what it freed', async () => {
  // The safety net keeps the newest three whatever the policy says.
  const list = [
    entry('n1', 1, '2025-01-09T00:00:00Z'),
    entry('n2', 1, '2025-01-08T00:00:00Z'),
    entry('n3', 1, '2025-01-07T00:00:00Z'),
    entry('old1', 100, '2025-01-02T00:00:00Z'),
    entry('old2', 200, '2025-01-01T00:00:00Z'),
  ];
  const updates: string[] = [];
  const result = await applyRetention(
    '/nowhere',
    { keepLast: 1 },
    {
      dryRun: false,
      now: new Date('2025-01-10T00:00:00Z'),
      list: async () => list,
      remove: async (_dir, id) => {
        if (id === 'old1') throw new Error('permission denied');
      },
      ctx: { signal: new AbortController().signal, report: (u) => updates.push(u.label) },
    },
  );
  assert.deepEqual(
    result.removed.map((e) => e.id),
    ['old2'],
  );
  assert.deepEqual(result.failures, [{ id: 'old1', error: 'permission denied' }]);
  assert.ok(
    result.kept.some((e) => e.id === 'old1'),
    'a backup that could not be removed is kept',
  );
  assert.equal(result.freedBytes, 200);
  assert.ok(updates.includes('Removing backup 2 of 2'));
  assert.equal(stateOf(cleanupVerdict(result).tally), 'partial');
});
