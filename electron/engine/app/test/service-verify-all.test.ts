// "Verify all" as a job: every backup checked, and the job judged by how many passed
// (Partly done when some have problems, Failed when none passed), never "succeeded"
// over a damaged backup.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { JobInfo } from '../../../../shared/types';
import { createDemoLibrary } from '../../demo/demo';
import { createBackbeatService, type BackbeatService } from '../service';
import { makeTempDir } from '../../test/fixtures/temp-dir';

async function ended(service: BackbeatService, jobId: string): Promise<JobInfo> {
  for (;;) {
    const job = (await service.listJobs({})).find((j) => j.id === jobId);
    if (job && job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('verify all: partly done when one backup is damaged, failed when all are', async (t) => {
  const tmp = makeTempDir('verify-all');
  const service = createBackbeatService({
    dataDir: path.join(tmp.dir, 'data'),
    appVersion: 'test',
    mode: 'browser',
    log: () => undefined,
  });
  t.after(async () => {
    await service.dispose();
    tmp.cleanup();
  });
  const library = await createDemoLibrary(path.join(tmp.dir, 'lib'), { tracks: 20 });
  await service.setLibrary({ path: library });
  for (let i = 0; i < 2; i++) {
    const job = await ended(service, (await service.startBackup({})).jobId);
    assert.equal(job.state, 'succeeded', job.error ?? '');
  }
  const [a, b] = await service.listBackups({});
  const backupDir = path.join(tmp.dir, 'lib', 'backbeat-backups');
  const damage = (id: string): void => {
    const file = path.join(backupDir, `${id}.db.gz`);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
  };

  const all = await ended(service, (await service.startVerifyAll({})).jobId);
  assert.deepEqual([all.state, all.tally], ['succeeded', { done: 2, total: 2, verb: 'verified' }]);

  damage(a!.id);
  const some = await ended(service, (await service.startVerifyAll({})).jobId);
  assert.deepEqual([some.kind, some.state], ['verify', 'partial']);
  assert.deepEqual(some.tally, { done: 1, total: 2, verb: 'verified' });

  damage(b!.id);
  const none = await ended(service, (await service.startVerifyAll({})).jobId);
  assert.equal(none.state, 'failed');
  assert.match(none.error ?? '', /^None of the 2 backups passed verification\. The first, /);
  assert.equal((none.result as unknown[]).length, 2, 'the report stays attached');
});
