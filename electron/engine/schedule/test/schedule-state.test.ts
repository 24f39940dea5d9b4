// Per-library run records and schedule configs on disk: atomic JSON, validated on read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';
import type { LastRun } from '../../../../shared/schedule-types';
import {
  newScheduleConfig,
  readScheduleConfig,
  scheduleConfigPath,
  writeScheduleConfig,
} from '../config-store';
import {
  emptyScheduleState,
  fileScheduleStateStore,
  scheduleStatePath,
  withRunRecorded,
} from '../state-store';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'backbeat-state-'));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const LIBRARY = '/music/library.db';

function run(status: LastRun['status'], time: string): LastRun {
  return {
    time,
    finishedAt: time,
    status,
    reason: 'tick',
    sizeBytes: status === 'succeeded' ? 1234 : null,
    error: status === 'failed' ? 'disk full' : null,
    backupId: status === 'succeeded' ? 'b1' : null,
  };
}

test('run records survive a round trip; a failure keeps the last success', async () => {
  await withTempDir(async (dir) => {
    const store = fileScheduleStateStore(path.join(dir, 'state'), LIBRARY);
    assert.deepEqual(await store.read(), emptyScheduleState(LIBRARY));
    const ok = run('succeeded', '2024-01-01T03:00:00.000Z');
    await store.write(withRunRecorded(await store.read(), ok));
    const failed = run('failed', '2024-01-02T03:00:00.000Z');
    await store.write(withRunRecorded(await store.read(), failed));
    const state = await store.read();
    assert.deepEqual(state.lastRun, failed);
    assert.deepEqual(state.lastSuccess, ok);
    const files = await fs.readdir(path.join(dir, 'state'));
    assert.deepEqual(
      files,
      [path.basename(scheduleStatePath(path.join(dir, 'state'), LIBRARY))],
      'no temp files left',
    );
  });
});

test('a damaged or foreign state file is not trusted', async () => {
  await withTempDir(async (dir) => {
    const file = scheduleStatePath(dir, LIBRARY);
    const store = fileScheduleStateStore(dir, LIBRARY);
    await fs.writeFile(file, '{"formatVersion": 1, "lastRun": ');
    assert.deepEqual(await store.read(), emptyScheduleState(LIBRARY));
    await fs.writeFile(file, JSON.stringify({ ...emptyScheduleState(LIBRARY), lastRun: { time: 5 } }));
    assert.deepEqual(await store.read(), emptyScheduleState(LIBRARY));
  });
});

test('each library has its own files, even with the same file name', () => {
  assert.notEqual(scheduleStatePath('/s', '/a/music.db'), scheduleStatePath('/s', '/b/music.db'));
  assert.match(
    path.basename(scheduleStatePath('/s', '/a/music.db')),
    /^music\.db-[0-9a-f]{16}\.state\.json$/,
  );
});

test('schedule configs: none, written, read back, corrupt', async () => {
  await withTempDir(async (dir) => {
    assert.equal(await readScheduleConfig(dir, LIBRARY), null);
    const config = newScheduleConfig(LIBRARY, { kind: 'weekly', weekday: 'sunday', time: '03:00' });
    await writeScheduleConfig(dir, config);
    assert.deepEqual(await readScheduleConfig(dir, LIBRARY), config);
    await assert.rejects(
      writeScheduleConfig(dir, { ...config, schedule: { kind: 'daily', time: '25:00' } }),
      'an invalid config is never written',
    );
    await fs.writeFile(scheduleConfigPath(dir, LIBRARY), 'not json');
    await assert.rejects(readScheduleConfig(dir, LIBRARY), (err: unknown) => {
      return err instanceof ContractError && err.code === 'corrupt' && err.message.includes('not valid JSON');
    });
  });
});
