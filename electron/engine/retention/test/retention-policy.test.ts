// The CLI's policy syntax (one string or separate flags) and the policy in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContractError } from '../../../../shared/errors';
import { describePolicy } from '../describe-policy';
import { describeRetentionDuration, startOfWithin } from '../duration';
import { parsePolicy, policyFromFlags, policyToText } from '../parse-policy';

const FULL = 'keep-last=5,daily=7,weekly=4,monthly=12,yearly=2,within=30d,frequent=3,moderate=5,milestone=10';

test('parsePolicy reads the full syntax', () => {
  assert.deepEqual(parsePolicy(FULL), {
    keepLast: 5,
    daily: 7,
    weekly: 4,
    monthly: 12,
    yearly: 2,
    within: '30d',
    tiers: { frequent: 3, moderate: 5, milestone: 10 },
  });
  assert.deepEqual(parsePolicy('keep-daily=7, keep-hourly=24 last=0'), { daily: 7, hourly: 24, keepLast: 0 });
  assert.deepEqual(parsePolicy('none'), {});
  assert.deepEqual(parsePolicy(''), {});
});

test('parsePolicy refuses what it cannot read, saying what it accepts', () => {
  for (const bad of [
    'dayly=7',
    'daily=seven',
    'daily',
    'daily=7,daily=8',
    'within=30x',
    'within=0d',
    'daily=-1',
  ]) {
    assert.throws(
      () => parsePolicy(bad),
      (err: unknown) =>
        err instanceof ContractError && err.code === 'bad-arguments' && /Keys: /.test(err.message),
      bad,
    );
  }
});

test('policyFromFlags takes separate --keep-* flags', () => {
  assert.deepEqual(
    policyFromFlags({
      'keep-last': '3',
      'keep-weekly': '4',
      'keep-within': '1y6m',
      'keep-milestone': '2',
      'keep-daily': undefined,
    }),
    { keepLast: 3, weekly: 4, within: '1y6m', tiers: { milestone: 2 } },
  );
  assert.throws(() => policyFromFlags({ 'keep-lots': '3' }), /Unknown retention flag --keep-lots/);
});

test('policyToText round-trips', () => {
  assert.equal(policyToText(parsePolicy(FULL)), FULL);
  assert.equal(policyToText({}), 'none');
  assert.deepEqual(parsePolicy(policyToText({ hourly: 0, within: '12h' })), { hourly: 0, within: '12h' });
});

test('describePolicy says what is kept in words', () => {
  assert.equal(
    describePolicy(parsePolicy(FULL)),
    'Keeps the 5 newest backups, the newest backup of each of the last 7 days, 4 weeks, 12 months and 2 years ' +
      'that have backups, every backup from the last 30 days and the newest 3 frequent, 5 moderate and 10 ' +
      'milestone rescan backups. Always kept: pinned and named backups, the 3 newest, the newest verified one ' +
      'and the one with the most analysed tracks.',
  );
  assert.equal(describePolicy({}), 'Keeps every backup (no retention policy).');
  assert.match(describePolicy({ keepLast: 0 }), /^Keeps nothing beyond what is always kept\. Always kept: /);
  assert.match(
    describePolicy({ keepLast: 1, daily: 1 }),
    /^Keeps the newest backup and the newest backup of each of the last 1 day /,
  );
});

test('durations: words and local-calendar start', () => {
  assert.equal(describeRetentionDuration('1y6m'), '1 year and 6 months');
  assert.equal(describeRetentionDuration('2w1d12h'), '2 weeks, 1 day and 12 hours');
  const now = new Date(2024, 2, 31, 10, 0);
  assert.deepEqual(startOfWithin(now, '1y'), new Date(2023, 2, 31, 10, 0));
  assert.deepEqual(startOfWithin(now, '1w'), new Date(2024, 2, 24, 10, 0));
  assert.equal(now.getTime() - startOfWithin(now, '12h').getTime(), 12 * 3_600_000);
});
