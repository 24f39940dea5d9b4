// Copies after scheduled snapshots when a destination cannot be reached: the back-off
// (15 min doubling to 6 h) decides every attempt over a simulated day, a machine that
// slept for hours gets one attempt per destination, and the "not copied off this
// machine" notification comes once per crossing, also across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { DestinationHealth } from '../../../../shared/destination-types';
import type { HealthNotification } from '../../../../shared/schedule-types';
import { offsiteHealth } from '../../health/offsite-health';
import type { OffsiteStatus } from '../../health/offsite-alert';
import { CopyRetryLoop } from '../../schedule/copy-retry-loop';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelayMs } from '../copy-retry';
import {
  copyRetryPath,
  copyRound,
  fileCopyRetryStore,
  memoryCopyRetryStore,
  type CopyRetryStore,
} from '../copy-round';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = new Date('2026-03-02T10:00:00Z');

test('the delay doubles from 15 minutes and stops at 6 hours', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 30].map(retryDelayMs), [
    15 * MIN,
    30 * MIN,
    HOUR,
    2 * HOUR,
    4 * HOUR,
    6 * HOUR,
    6 * HOUR,
    6 * HOUR,
  ]);
  assert.equal(retryDelayMs(0), 0);
  assert.equal(FIRST_RETRY_MS, 15 * MIN);
  assert.equal(MAX_RETRY_MS, 6 * HOUR);
});

interface World {
  clock: FakeClock;
  attempts: { name: string; at: number }[];
  reachable: Set<string>;
  lastCopy: Map<string, string | null>;
  notes: HealthNotification[];
  store: ReturnType<typeof memoryCopyRetryStore>;
}

function world(names: string[]): World {
  return {
    clock: new FakeClock(START),
    attempts: [],
    reachable: new Set(),
    lastCopy: new Map(names.map((n) => [n, null])),
    notes: [],
    store: memoryCopyRetryStore(),
  };
}

function deps(w: World) {
  return {
    destinations: () => [...w.lastCopy.keys()],
    attempt: async (name: string) => {
      w.attempts.push({ name, at: w.clock.now().getTime() - START.getTime() });
      if (!w.reachable.has(name))
        return `Destination "${name}" cannot be reached at nas.local:22 (no answer within 8 s).`;
      w.lastCopy.set(name, w.clock.now().toISOString());
      return null;
    },
    store: w.store,
    now: () => w.clock.now(),
  };
}

function loop(w: World, store: CopyRetryStore = w.store, checkIntervalMs = MIN): CopyRetryLoop {
  return new CopyRetryLoop({
    clock: w.clock,
    timers: w.clock,
    checkIntervalMs,
    store,
    destinations: () => [...w.lastCopy.keys()],
    attempt: deps(w).attempt,
    statuses: (): OffsiteStatus[] =>
      [...w.lastCopy].map(([name, lastCopy]) => ({
        name,
        lastCopy,
        health: offsiteHealth(lastCopy, w.clock.now()) as DestinationHealth,
      })),
    notify: (n) => w.notes.push(n),
    log: (m) => assert.fail(m),
  });
}

test('an unreachable destination is tried by the back-off schedule only, over a simulated day', async () => {
  const w = world(['nas', 'usb']);
  w.reachable.add('usb');
  // The scheduled snapshot's copies: both tried once.
  await copyRound(deps(w), 'after-snapshot');
  const l = loop(w);
  l.start();
  await w.clock.advance(DAY, () => l.settled());
  l.stop();
  const nas = w.attempts.filter((a) => a.name === 'nas').map((a) => a.at / MIN);
  // 0, +15, +30, +60, +120, +240, +360, +360 minutes: the 9th would be at 25h45.
  assert.deepEqual(nas, [0, 15, 45, 105, 225, 465, 825, 1185]);
  assert.deepEqual(
    w.attempts.filter((a) => a.name === 'usb').map((a) => a.at),
    [0],
    'a destination that worked is not retried',
  );
  const entry = w.store.current.destinations.nas!;
  assert.equal(entry.failures, 8);
  assert.match(entry.lastError ?? '', /cannot be reached/);
  assert.equal(w.store.current.destinations.usb, undefined);
});

test('coming home after hours asleep: one attempt per destination, then the back-off again', async () => {
  const w = world(['nas', 'cloud']);
  await copyRound(deps(w), 'after-snapshot');
  const l = loop(w);
  l.start();
  await w.clock.advance(50 * MIN, () => l.settled()); // attempts at 0, 15, 45
  assert.equal(w.attempts.length, 6);
  w.clock.sleep(10 * HOUR); // the lid closed; slots at 1h45, 3h45, 7h45 pass unseen
  w.reachable.add('nas');
  await w.clock.advance(2 * MIN, () => l.settled());
  const afterWake = w.attempts.slice(6);
  assert.deepEqual(
    afterWake.map((a) => a.name).sort(),
    ['cloud', 'nas'],
    'one attempt each when the machine wakes, never a burst of the missed ones',
  );
  // cloud is still away: its next try is 2 h (4th failure) after the wake attempt.
  const wakeAt = afterWake[0]!.at;
  await w.clock.advance(3 * HOUR, () => l.settled());
  l.stop();
  const later = w.attempts.slice(8);
  assert.deepEqual(
    later.map((a) => [a.name, (a.at - wakeAt) / MIN]),
    [['cloud', 120]],
  );
});

test('the "not copied off this machine" notification fires once per crossing, also across a restart', async () => {
  const tmp = makeTempDir('copy-alert');
  try {
    const w = world(['nas']);
    const store = fileCopyRetryStore(tmp.dir, '/music/library.db');
    w.reachable.add('nas');
    await copyRound({ ...deps(w), store }, 'after-snapshot'); // copied at START
    w.reachable.delete('nas');
    let l = loop(w, store, 10 * MIN);
    l.start();
    await w.clock.advance(3 * DAY - HOUR, () => l.settled());
    assert.equal(w.notes.length, 0, 'below the threshold: quiet');
    await w.clock.advance(2 * HOUR, () => l.settled());
    assert.equal(w.notes.length, 1);
    assert.match(w.notes[0]!.body, /Not copied off this machine for 3 days/);
    await w.clock.advance(DAY, () => l.settled());
    assert.equal(w.notes.length, 1, 'not repeated at every tick');
    l.stop();
    assert.ok(fs.existsSync(copyRetryPath(tmp.dir, '/music/library.db')));

    // The app restarts: the crossing was told already.
    l = loop(w, store, 10 * MIN);
    l.start();
    await w.clock.advance(HOUR, () => l.settled());
    assert.equal(w.notes.length, 1, 'a restart does not tell it again');

    // The destination comes back: the next scheduled snapshot copies, health is ok, and
    // a new crossing tells again.
    w.reachable.add('nas');
    await copyRound({ ...deps(w), store }, 'after-snapshot');
    await w.clock.advance(HOUR, () => l.settled());
    assert.equal(offsiteHealth(w.lastCopy.get('nas')!, w.clock.now()).level, 'ok');
    assert.deepEqual((await store.read()).warned, []);
    w.reachable.delete('nas');
    await w.clock.advance(3 * DAY + HOUR, () => l.settled());
    l.stop();
    assert.equal(w.notes.length, 2);
    assert.ok(path.isAbsolute(tmp.dir));
  } finally {
    tmp.cleanup();
  }
});
