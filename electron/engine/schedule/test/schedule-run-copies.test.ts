// The OS timer's `schedule run` with the app closed makes the copies the destinations
// owe, as the app's copy loop does: a destination on its own schedule is copied to
// (real restic, a folder destination), an unplugged disk is tried only at its back-off
// slots however often the timer fires, a machine that slept two days makes one attempt
// per destination, and a busy repository is left alone, the copies owed but not failed. "Copies to
// X have stopped" goes to the run's message; the app is left to notify. Time is the
// injected FakeClock; the database backups are the in-memory fake folder's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileCopyRetryStore } from '../../destinations/copy-round';
import { listDestinations } from '../../destinations/operations';
import { cloudAndUnpluggedUsb } from '../../destinations/test/cloud-and-usb';
import { withRepositoryLock } from '../../library/lock';
import { makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { FakeBackupFolder } from '../../test/fixtures/fake-backup-folder';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { newScheduleConfig } from '../config-store';
import { timerOwedCopies } from '../owed-copies-run';
import { scheduledRunWithSnapshot } from '../scheduled-run-all';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

test('the OS timer run makes owed copies: own schedule, back-off slots only, one try after sleep, not when busy', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('timer-copies', 3, 16 * 1024);
  const clock = new FakeClock(new Date('2026-02-27T10:00:00Z'));
  const scope = { ...w.scope, now: () => clock.now() };
  const stateDir = path.join(w.dir, 'state');
  const folder = new FakeBackupFolder();
  // An hourly database-only schedule: the timer fires every hour (as systemd's hourly OnCalendar).
  const config = newScheduleConfig(w.libraryPath, { kind: 'interval', hours: 1 });
  const fire = () =>
    scheduledRunWithSnapshot({
      libraryPath: w.libraryPath,
      stateDir,
      appVersion: 'test',
      config,
      clock,
      repoScope: w.scope,
      deps: {
        createBackup: async () => folder.add({ createdAt: clock.now() }),
        listBackups: folder.list,
        deleteBackup: folder.remove,
        defaultBackupDir: () => path.join(w.dir, 'backups'),
      },
    });
  const usbRecord = async () => (await fileCopyRetryStore(stateDir, w.libraryPath).read()).destinations.usb;
  try {
    await cloudAndUnpluggedUsb(w, scope);
    clock.sleep(3 * DAY - HOUR);

    // The app is closed; the timer fires at 10:00, 11:00, ... 17:00.
    const messages: string[] = [];
    const tried: string[][] = [];
    for (let i = 0; i < 8; i++) {
      clock.sleep(HOUR);
      const run = await fire();
      assert.equal(run.outcome, 'backed-up', run.message);
      assert.equal(run.exitCode, 0, 'an unreachable destination does not fail the timer run');
      messages.push(run.message);
      tried.push(run.owedCopies?.round.attempted.map((a) => a.name) ?? []);
    }
    const [cloud, usb] = listDestinations(scope);
    assert.equal(cloud!.lastCopy, '2026-03-02T10:00:00.000Z', 'copied at the first firing, not again');
    assert.equal(usb!.lastCopy, '2026-02-27T10:00:00.000Z');
    // Fired 8 times, "usb" tried at the back-off's slots only: 10:00, 11:00, 12:00, 13:00, 15:00.
    assert.deepEqual(tried, [['cloud', 'usb'], ['usb'], ['usb'], ['usb'], [], ['usb'], [], []]);
    const entry = await usbRecord();
    assert.equal(entry?.failures, 5);
    assert.equal(entry?.lastAttemptAt, '2026-03-02T15:00:00.000Z');
    assert.match(entry?.lastError ?? '', /usb/);
    assert.match(messages[0]!, /Copied to "cloud"\./);
    assert.match(messages[7]!, /Copies to "usb" have stopped: Not copied off this machine for 3 days/);
    // Nobody was told yet (a log line is no notification): the app still notifies when it opens.
    assert.deepEqual((await fileCopyRetryStore(stateDir, w.libraryPath).read()).warned, []);

    // Two days asleep, then the repository busy (files restored in the app) at the firing: nothing
    // tried; both copies stay owed, and no failure is counted.
    clock.sleep(2 * DAY);
    const busy = await withRepositoryLock(w.libraryPath, 'restoring files', () =>
      timerOwedCopies(w.scope, stateDir, clock, quiet()),
    );
    assert.deepEqual(busy.round.attempted, []);
    assert.deepEqual(
      busy.round.busy.map((b) => b.name),
      ['cloud', 'usb'],
    );
    assert.match(
      busy.skipped ?? '',
      /^The copy to "cloud" did not start: another Backbeat job \(restoring files, pid \d+, since [^)]+\) is using this library's repository\. It is made once that job has finished; nothing is lost\. The copy to "usb"/,
    );
    assert.equal((await usbRecord())?.failures, 5);
    assert.equal((await usbRecord())?.nextAttemptAt, clock.now().toISOString(), 'owed at once');

    // The next firing: one attempt per destination for the two days, never a burst.
    const woke = await fire();
    assert.deepEqual(
      woke.owedCopies?.round.attempted.map((a) => [a.name, a.error === null]),
      [
        ['cloud', true],
        ['usb', false],
      ],
    );
    assert.equal((await usbRecord())?.failures, 6);
    assert.equal(listDestinations(scope)[0]!.lastCopy, clock.now().toISOString());
  } finally {
    w.cleanup();
  }
});
