// The wait for a library another program holds: one budget for the whole backup,
// counted on a clock the test moves, so no test here waits for real seconds. Before,
// each step (the stats connection, the copy's connection, the copy) waited its own
// 60 s: a library held by an exclusive transaction made `backup` wait 91 or 121 s.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createBackup } from '../backup';
import { LockBudget } from '../lock-budget';
import { createVariantALibrary } from '../../test/fixtures/libraries';
import { listDir, recordingContext, rejectsWith } from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';

const SECOND = 1000;

/** A clock the test moves by hand. */
function handClock(start = 1_000_000): { now: () => number; pass(ms: number): void } {
  let t = start;
  return { now: () => t, pass: (ms) => (t += ms) };
}

test('the lock budget is spent once across steps and never goes below zero', () => {
  const clock = handClock();
  const budget = new LockBudget(60 * SECOND, clock.now);
  assert.equal(budget.remainingMs(), 60 * SECOND);
  clock.pass(45 * SECOND); // the first step waited 45 s
  assert.equal(budget.remainingMs(), 15 * SECOND, 'the next step gets only what is left');
  clock.pass(15 * SECOND);
  assert.equal(budget.remainingMs(), 0);
  clock.pass(1200);
  assert.equal(budget.remainingMs(), 0, 'overspent: the next step does not wait at all');
  assert.equal(budget.elapsedMs(), 61_200);
});

test('the locked message says the time that really passed', () => {
  const clock = handClock();
  const budget = new LockBudget(60 * SECOND, clock.now);
  clock.pass(61_400);
  const err = budget.lockedError('/music/library.db');
  assert.equal(err.code, 'locked');
  assert.match(err.message, /^The library \/music\/library\.db stayed locked by another program for 61 s\. /);
  const shortClock = handClock();
  const short = new LockBudget(300, shortClock.now);
  shortClock.pass(340);
  assert.match(short.lockedError('x').message, /for 0\.3 s\./, 'tenths below 10 s, not "0 s"');
});

test(
  'a backup gives up once the whole budget is spent, and says how long it waited',
  { timeout: 600_000 },
  async () => {
    const tmp = makeTempDir('backup-lock-budget');
    try {
      const lib = path.join(tmp.dir, 'library.db');
      createVariantALibrary(lib, { tracks: 20, wal: false });
      const holder = new Database(lib);
      holder.exec('BEGIN EXCLUSIVE'); // another program's exclusive transaction, held throughout
      const backupDir = path.join(tmp.dir, 'backups');
      // The budget is an hour of real time; on the backup's clock it is all gone the
      // moment the backup has started. Every step must then give up at once: a step that
      // waited its own share (as each did before) would wait an hour, far past this test's
      // ceiling (10 minutes, which only a hang reaches, however busy the machine).
      let reads = 0;
      const now = (): number => (reads++ === 0 ? 0 : 60 * 60 * SECOND + 5 * SECOND);
      try {
        const err = await rejectsWith(
          createBackup({
            libraryPath: lib,
            backupDir,
            trigger: 'manual',
            appVersion: '9.9.9-test',
            ctx: recordingContext(),
            busyTimeoutMs: 60 * 60 * SECOND,
            now,
          }),
          'locked',
        );
        assert.match(err.message, /stayed locked by another program for 3605 s\./, err.message);
        assert.ok(reads > 1, 'the steps asked the budget what was left');
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
      assert.deepEqual(listDir(backupDir), [], 'nothing is left behind');
    } finally {
      tmp.cleanup();
    }
  },
);

for (const fileCopy of [true, false]) {
  test(
    `a library locked while the copy runs makes each copy step wait only what is left of the budget (${fileCopy ? 'file copy' : 'backup API'})`,
    { timeout: 120_000 },
    async () => {
      const tmp = makeTempDir('backup-lock-copy');
      try {
        const lib = path.join(tmp.dir, 'library.db');
        // Rollback-journal mode: the copy holds no read transaction between its steps, so
        // another program can take the library in the middle of it.
        createVariantALibrary(lib, { tracks: 20, wal: false });
        const holder = new Database(lib, { timeout: 0 });
        const backupDir = path.join(tmp.dir, 'backups');
        const clock = handClock();
        const budgetMs = 10 * 60 * SECOND;
        try {
          const err = await rejectsWith(
            createBackup({
              libraryPath: lib,
              backupDir,
              trigger: 'manual',
              appVersion: '9.9.9-test',
              ctx: recordingContext(),
              busyTimeoutMs: budgetMs,
              now: clock.now,
              tuning: { fileCopy },
              testHooks: {
                // The connections are open; the copy has not read a page yet. All but
                // 0.3 s of the 10-minute budget is gone when the other program takes the
                // library. A copy step waiting the budget the connection was opened with
                // (as it did) would wait 10 real minutes, far past this test's ceiling.
                afterSnapshotPinned: () => {
                  clock.pass(budgetMs - 300);
                  holder.exec('BEGIN EXCLUSIVE');
                },
              },
            }),
            'locked', // not a missing snapshot file (a first step that found the library locked)
          );
          assert.match(err.message, /stayed locked by another program for 600 s\./, err.message);
        } finally {
          if (holder.inTransaction) holder.exec('ROLLBACK');
          holder.close();
        }
        assert.deepEqual(listDir(backupDir), [], 'nothing is left behind');
      } finally {
        tmp.cleanup();
      }
    },
  );
}
