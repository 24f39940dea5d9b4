// Progress-based backups during a rescan: the strongest tier whose multiple was reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupTier, tierBackupName } from '../../retention/backup-tier';
import { fakeEntry } from '../../test/fixtures/fake-backup-folder';
import { progressBackupTier } from '../progress-tier';

test('exact multiples fire the strongest tier', () => {
  assert.equal(progressBackupTier(0), null);
  assert.equal(progressBackupTier(24), null);
  assert.equal(progressBackupTier(25), 'frequent');
  assert.equal(progressBackupTier(100), 'moderate');
  assert.equal(progressBackupTier(500), 'milestone');
  assert.equal(progressBackupTier(1000), 'milestone');
  assert.equal(progressBackupTier(1025), 'frequent');
});

test('batched counts fire when a multiple is crossed, once', () => {
  // The scanner commits 50 at a time: 0 -> 50 -> 100 -> ... -> 500.
  const seen: (string | null)[] = [];
  for (let n = 50; n <= 500; n += 50) seen.push(progressBackupTier(n, undefined, n - 50));
  assert.deepEqual(seen, [
    'frequent',
    'moderate',
    'frequent',
    'moderate',
    'frequent',
    'moderate',
    'frequent',
    'moderate',
    'frequent',
    'milestone',
  ]);
  assert.equal(progressBackupTier(130, undefined, 120), 'frequent'); // crosses 125
  assert.equal(progressBackupTier(120, undefined, 101), null);
  assert.equal(progressBackupTier(120, undefined, 120), null, 'no progress, no backup');
});

test('custom tiers; a missing tier never fires', () => {
  const tiers = { frequent: 10, milestone: 1000 };
  assert.equal(progressBackupTier(100, tiers), 'frequent');
  assert.equal(progressBackupTier(1000, tiers), 'milestone');
  assert.equal(progressBackupTier(25, {}), null);
});

test('tier labels: generated names and the metadata field', () => {
  assert.equal(tierBackupName('moderate', 300), 'rescan-moderate-300');
  assert.equal(backupTier(fakeEntry({ createdAt: new Date(), name: 'rescan-moderate-300' })), 'moderate');
  assert.equal(backupTier(fakeEntry({ createdAt: new Date(), tier: 'milestone' })), 'milestone');
  assert.equal(backupTier(fakeEntry({ createdAt: new Date(), name: 'rescan-huge-1' })), null);
  assert.equal(backupTier(fakeEntry({ createdAt: new Date() })), null);
});
