// applyRetention: a dry run deletes nothing; a real run deletes exactly what the plan
// removes; a deletion that fails is reported and the backup counted as kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRetention } from '../apply';
import { FakeBackupFolder } from '../../test/fixtures/fake-backup-folder';

function folderOf(count: number): FakeBackupFolder {
  const folder = new FakeBackupFolder();
  for (let i = 0; i < count; i++) folder.add({ id: `b${i}`, createdAt: new Date(Date.UTC(2024, 0, 1 + i)) });
  return folder;
}

const NOW = new Date(Date.UTC(2024, 1, 1));

test('a dry run lists what would go and deletes nothing', async () => {
  const folder = folderOf(8);
  const result = await applyRetention(
    '/backups',
    { keepLast: 5 },
    { dryRun: true, now: NOW, list: folder.list, remove: folder.remove },
  );
  assert.equal(result.dryRun, true);
  assert.deepEqual(result.removed.map((e) => e.id).sort(), ['b0', 'b1', 'b2']);
  assert.equal(result.kept.length, 5);
  assert.equal(folder.size, 8);
  assert.deepEqual(folder.deleted, []);
  assert.ok(result.decisions.every((d) => d.keep === d.reasons.length > 0));
});

test('a real run deletes what no rule keeps, and reports failures without stopping', async () => {
  const folder = folderOf(8);
  const remove = async (dir: string, id: string): Promise<void> => {
    if (id === 'b1') throw new Error('permission denied');
    await folder.remove(dir, id);
  };
  const result = await applyRetention(
    '/backups',
    { keepLast: 5 },
    { dryRun: false, now: NOW, list: folder.list, remove },
  );
  assert.deepEqual(folder.deleted.sort(), ['b0', 'b2']);
  assert.deepEqual(result.removed.map((e) => e.id).sort(), ['b0', 'b2']);
  assert.deepEqual(result.failures, [{ id: 'b1', error: 'permission denied' }]);
  assert.ok(result.kept.some((e) => e.id === 'b1'));
  assert.equal(folder.size, 6);
});
