// planRetention: the safety net against the harshest policy, protections, calendar
// buckets on the local calendar, tiers, `within`, and the reasons shown in previews.
process.env.TZ = 'Europe/Berlin';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RetentionPlan } from '../../../../shared/schedule-types';
import { tierBackupName } from '../backup-tier';
import { isoWeekKey } from '../calendar-buckets';
import { planRetention } from '../plan';
import { fakeEntry } from '../../test/fixtures/fake-backup-folder';

const NOW = new Date(2024, 5, 30, 12, 0);

function keptIds(plan: RetentionPlan): string[] {
  return plan.decisions
    .filter((d) => d.keep)
    .map((d) => d.id)
    .sort();
}

function reasonsOf(plan: RetentionPlan, id: string): string[] {
  return plan.decisions.find((d) => d.id === id)?.reasons.map((r) => r.text) ?? [];
}

test('the safety net holds against keep-last 0', () => {
  // Ten daily backups d1 (oldest) .. d10; d4 is the newest verified, d2 holds the most analysed tracks.
  const entries = Array.from({ length: 10 }, (_, i) =>
    fakeEntry({
      id: `d${i + 1}`,
      createdAt: new Date(2024, 5, 1 + i, 3, 0),
      analyzed: i === 1 ? 30_000 : 1_000 + i,
      verified: i === 2 || i === 3,
    }),
  );
  const plan = planRetention(entries, { keepLast: 0 }, NOW);
  assert.deepEqual(keptIds(plan), ['d10', 'd2', 'd4', 'd8', 'd9']);
  assert.deepEqual(reasonsOf(plan, 'd10'), ['safety: newest 3']);
  assert.deepEqual(reasonsOf(plan, 'd4'), ['safety: newest verified']);
  assert.deepEqual(reasonsOf(plan, 'd2'), ['safety: most analysed tracks']);
  assert.deepEqual(reasonsOf(plan, 'd3'), [], 'an older verified backup is not protected');
  assert.equal(plan.decisions.filter((d) => !d.keep).length, 5);
});

test('pinned, named and unreadable backups are kept whatever the policy', () => {
  const entries = [
    fakeEntry({ id: 'new1', createdAt: new Date(2024, 5, 29) }),
    fakeEntry({ id: 'new2', createdAt: new Date(2024, 5, 28) }),
    fakeEntry({ id: 'new3', createdAt: new Date(2024, 5, 27) }),
    fakeEntry({ id: 'pinned', createdAt: new Date(2023, 0, 1), pinned: true }),
    fakeEntry({ id: 'named', createdAt: new Date(2023, 0, 2), name: 'before upgrade' }),
    fakeEntry({ id: 'broken', createdAt: new Date(2023, 0, 3), status: 'unreadable-metadata' }),
    fakeEntry({ id: 'tierlabel', createdAt: new Date(2023, 0, 4), name: tierBackupName('frequent', 25) }),
    fakeEntry({ id: 'plain', createdAt: new Date(2023, 0, 5) }),
  ];
  const plan = planRetention(entries, { keepLast: 0 }, NOW);
  assert.deepEqual(keptIds(plan), ['broken', 'named', 'new1', 'new2', 'new3', 'pinned']);
  assert.deepEqual(reasonsOf(plan, 'pinned'), ['pinned']);
  assert.deepEqual(reasonsOf(plan, 'named'), ['named "before upgrade"']);
  assert.match(reasonsOf(plan, 'broken')[0] ?? '', /never removed/);
  assert.equal(plan.decisions.at(-1)?.id, 'broken', 'undated entries are listed last');
});

test('an empty policy keeps everything; keep-last keeps the newest N', () => {
  const entries = Array.from({ length: 6 }, (_, i) =>
    fakeEntry({ id: `b${i}`, createdAt: new Date(2024, 0, 1 + i) }),
  );
  assert.equal(keptIds(planRetention(entries, {}, NOW)).length, 6);
  const plan = planRetention(entries, { keepLast: 4 }, NOW);
  assert.deepEqual(keptIds(plan), ['b2', 'b3', 'b4', 'b5']);
  assert.ok(reasonsOf(plan, 'b2').includes('keep-last 4'));
  assert.ok(reasonsOf(plan, 'b5').includes('keep-last 4'));
  assert.ok(reasonsOf(plan, 'b5').includes('safety: newest 3'));
});

test('calendar buckets: the newest backup of each of the last N periods that have backups', () => {
  const entries = [
    // Two on Sunday 2024-06-02 (ISO week 22), one on Monday 2024-06-03 (week 23), gaps elsewhere.
    fakeEntry({ id: 'mon', createdAt: new Date(2024, 5, 3, 9, 0) }),
    fakeEntry({ id: 'sun-late', createdAt: new Date(2024, 5, 2, 23, 30) }),
    fakeEntry({ id: 'sun-early', createdAt: new Date(2024, 5, 2, 0, 30) }),
    fakeEntry({ id: 'may', createdAt: new Date(2024, 4, 15, 12, 0) }),
    fakeEntry({ id: 'jan', createdAt: new Date(2024, 0, 10, 12, 0) }),
    fakeEntry({ id: 'dec', createdAt: new Date(2023, 11, 31, 12, 0) }),
  ];
  // The three newest are protected anyway; look at the rest.
  const daily = planRetention(entries, { daily: 3 }, NOW);
  assert.deepEqual(keptIds(daily), ['mon', 'may', 'sun-early', 'sun-late'].sort());
  assert.deepEqual(reasonsOf(daily, 'may'), ['daily: newest of 2024-05-15']);
  assert.equal(reasonsOf(daily, 'sun-early').includes('daily: newest of 2024-06-02'), false);

  const weekly = planRetention(entries, { weekly: 3 }, NOW);
  assert.deepEqual(reasonsOf(weekly, 'may'), ['weekly: newest of week 2024-W20']);
  assert.deepEqual(reasonsOf(weekly, 'jan'), []);

  const yearly = planRetention(entries, { yearly: 2 }, NOW);
  assert.deepEqual(reasonsOf(yearly, 'dec'), ['yearly: newest of 2023']);
  assert.deepEqual(reasonsOf(yearly, 'jan'), []);

  const monthly = planRetention(entries, { monthly: 10 }, NOW);
  assert.deepEqual(keptIds(monthly), ['dec', 'jan', 'may', 'mon', 'sun-early', 'sun-late'].sort());
});

test('ISO weeks at year boundaries', () => {
  assert.equal(isoWeekKey(new Date(2024, 11, 30)), '2025-W01'); // Monday 30 Dec 2024
  assert.equal(isoWeekKey(new Date(2021, 0, 3)), '2020-W53'); // Sunday 3 Jan 2021
  assert.equal(isoWeekKey(new Date(2024, 0, 1)), '2024-W01');
  assert.equal(isoWeekKey(new Date(2024, 2, 31, 3, 30)), '2024-W13'); // DST day in Berlin
});

test('hourly buckets follow local hours', () => {
  const entries = [
    fakeEntry({ id: 'h4', createdAt: new Date(2024, 5, 1, 14, 50) }),
    fakeEntry({ id: 'h3', createdAt: new Date(2024, 5, 1, 14, 10) }),
    fakeEntry({ id: 'h2', createdAt: new Date(2024, 5, 1, 13, 59) }),
    fakeEntry({ id: 'h1', createdAt: new Date(2024, 5, 1, 12, 0) }),
    fakeEntry({ id: 'h0', createdAt: new Date(2024, 5, 1, 11, 0) }),
  ];
  const plan = planRetention(entries, { hourly: 3 }, NOW);
  assert.deepEqual(reasonsOf(plan, 'h1'), ['hourly: newest of 2024-06-01 12:00']);
  assert.deepEqual(reasonsOf(plan, 'h0'), []);
});

test('within keeps every backup in the span before now, on the local calendar', () => {
  const entries = [
    fakeEntry({ id: 'a', createdAt: new Date(2024, 5, 29) }),
    fakeEntry({ id: 'b', createdAt: new Date(2024, 5, 28) }),
    fakeEntry({ id: 'c', createdAt: new Date(2024, 5, 27) }),
    fakeEntry({ id: 'edge', createdAt: new Date(2024, 4, 31, 12, 0) }), // exactly 30 days before NOW
    fakeEntry({ id: 'old', createdAt: new Date(2024, 4, 31, 11, 59) }),
    fakeEntry({ id: 'month', createdAt: new Date(2024, 2, 30, 12, 0) }),
  ];
  assert.deepEqual(keptIds(planRetention(entries, { within: '30d' }, NOW)), ['a', 'b', 'c', 'edge']);
  assert.deepEqual(reasonsOf(planRetention(entries, { within: '30d' }, NOW), 'edge'), ['within 30d']);
  assert.ok(keptIds(planRetention(entries, { within: '3m' }, NOW)).includes('month'));
  assert.ok(!keptIds(planRetention(entries, { within: '2m' }, NOW)).includes('month'));
});

test('per-tier counts keep the newest backups of each rescan tier', () => {
  const entries = [
    fakeEntry({ id: 'n1', createdAt: new Date(2024, 5, 20) }),
    fakeEntry({ id: 'n2', createdAt: new Date(2024, 5, 19) }),
    fakeEntry({ id: 'n3', createdAt: new Date(2024, 5, 18) }),
    fakeEntry({ id: 'f3', createdAt: new Date(2024, 5, 10, 3), name: tierBackupName('frequent', 75) }),
    fakeEntry({ id: 'f2', createdAt: new Date(2024, 5, 10, 2), name: tierBackupName('frequent', 50) }),
    fakeEntry({ id: 'f1', createdAt: new Date(2024, 5, 10, 1), name: tierBackupName('frequent', 25) }),
    fakeEntry({ id: 'm2', createdAt: new Date(2024, 5, 9, 2), tier: 'milestone' }),
    fakeEntry({ id: 'm1', createdAt: new Date(2024, 5, 9, 1), tier: 'milestone' }),
    fakeEntry({ id: 'odd', createdAt: new Date(2024, 5, 9, 0), tier: 'not-a-tier' }),
  ];
  const plan = planRetention(entries, { keepLast: 0, tiers: { frequent: 2, milestone: 1 } }, NOW);
  assert.deepEqual(keptIds(plan), ['f2', 'f3', 'm2', 'n1', 'n2', 'n3']);
  assert.deepEqual(reasonsOf(plan, 'm2'), ['tier milestone: newest 1']);
  assert.deepEqual(reasonsOf(plan, 'f2'), ['tier frequent: newest 2']);
});

test('the plan does not depend on the order entries come in', () => {
  const entries = Array.from({ length: 20 }, (_, i) =>
    fakeEntry({ id: `e${i}`, createdAt: new Date(2024, 0, 1 + i * 3) }),
  );
  const forward = planRetention(entries, { weekly: 4, monthly: 2 }, NOW);
  const shuffled = planRetention([...entries].reverse(), { weekly: 4, monthly: 2 }, NOW);
  assert.deepEqual(keptIds(forward), keptIds(shuffled));
  assert.deepEqual(
    forward.decisions.map((d) => d.id),
    shuffled.decisions.map((d) => d.id),
  );
});
