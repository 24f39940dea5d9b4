// Copies on a destination's own schedule (`dest schedule NAME --every 6h`), on the
// injected clock: the interval counts from the last copy, never-copied means now, a
// destination in back-off waits for its slot whatever its schedule says, and one
// without a schedule is left to the scheduled snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DestinationHealth } from '../../../../shared/destination-types';
import { offsiteHealth } from '../../health/offsite-health';
import { CopyRetryLoop } from '../../schedule/copy-retry-loop';
import { FakeClock } from '../../test/fixtures/fake-clock';
import { memoryCopyRetryStore } from '../copy-round';
import { describeCopyEvery, nextOwnCopyAt, ownCopyDue, parseCopyEvery } from '../copy-schedule';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = new Date('2026-03-02T10:00:00Z');

test('the interval counts from the last copy; never copied is due now; none is never due', () => {
  const now = START;
  assert.equal(nextOwnCopyAt({ copyEveryHours: null, lastCopy: null }, now), null);
  assert.equal(ownCopyDue({ copyEveryHours: null, lastCopy: '2020-01-01T00:00:00Z' }, now), false);
  assert.deepEqual(nextOwnCopyAt({ copyEveryHours: 6, lastCopy: null }, now), now);
  const last = new Date(now.getTime() - 5 * HOUR).toISOString();
  assert.equal(ownCopyDue({ copyEveryHours: 6, lastCopy: last }, now), false);
  assert.equal(ownCopyDue({ copyEveryHours: 5, lastCopy: last }, now), true);
  const future = new Date(now.getTime() + DAY).toISOString();
  assert.equal(ownCopyDue({ copyEveryHours: 6, lastCopy: future }, now), true, 'a clock set back');
});

test('--every takes hours, days and weeks up to 30 days, or off; anything else is a sentence', () => {
  assert.equal(parseCopyEvery('6h'), 6);
  assert.equal(parseCopyEvery('1d'), 24);
  assert.equal(parseCopyEvery('2W'), 336);
  assert.equal(parseCopyEvery('30d'), 720);
  assert.equal(parseCopyEvery('off'), null);
  for (const bad of ['0h', '31d', '6', 'daily', '1.5h', '-1h', '']) {
    assert.throws(() => parseCopyEvery(bad), /is not a copy interval: say how often, from 1h to 30d/, bad);
  }
  assert.equal(describeCopyEvery(6), 'every 6 hours');
  assert.equal(describeCopyEvery(24), 'every day');
  assert.equal(describeCopyEvery(168), 'every week');
  assert.equal(describeCopyEvery(null), 'after scheduled snapshots only');
});

test('the scheduler tick copies each destination on its own schedule, and leaves the others alone', async () => {
  const clock = new FakeClock(START);
  const every = new Map<string, number | null>([
    ['cloud', 6],
    ['usb', null],
    ['nas', 24],
  ]);
  const reachable = new Set(['cloud', 'usb']);
  const lastCopy = new Map<string, string | null>([...every.keys()].map((n) => [n, null]));
  const attempts: [string, number][] = [];
  const store = memoryCopyRetryStore();
  const loop = new CopyRetryLoop({
    clock,
    timers: clock,
    checkIntervalMs: MIN,
    store,
    destinations: () => [...every.keys()],
    attempt: async (name) => {
      attempts.push([name, (clock.now().getTime() - START.getTime()) / MIN]);
      if (!reachable.has(name)) return `Destination "${name}" cannot be reached.`;
      lastCopy.set(name, clock.now().toISOString());
      return null;
    },
    ownScheduleDue: (name, now) =>
      ownCopyDue({ copyEveryHours: every.get(name) ?? null, lastCopy: lastCopy.get(name) ?? null }, now),
    statuses: () =>
      [...lastCopy].map(([name, last]) => ({
        name,
        lastCopy: last,
        health: offsiteHealth(last, clock.now()) as DestinationHealth,
      })),
    notify: () => undefined,
    log: (m) => assert.fail(m),
  });
  loop.start();
  await clock.advance(DAY, () => loop.settled());
  loop.stop();
  const at = (name: string): number[] => attempts.filter(([n]) => n === name).map(([, m]) => m);
  assert.deepEqual(at('cloud'), [1, 361, 721, 1081]);
  assert.deepEqual(at('usb'), [], 'no own schedule: copied only after scheduled snapshots');
  // nas is away: its own schedule asked once, then only the back-off decides (15 min doubling).
  assert.deepEqual(at('nas'), [1, 16, 46, 106, 226, 466, 826, 1186]);
  assert.equal(store.current.destinations.nas?.failures, 8);
  assert.equal(store.current.destinations.cloud, undefined);
});
