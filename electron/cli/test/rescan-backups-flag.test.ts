// `schedule set --rescan-backups`: the forms it accepts, what it refuses, and how
// `schedule status` words the result.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROGRESS_TIERS } from '../../../shared/schedule-types';
import { UsageError } from '../args';
import { describeRescanBackups, parseRescanBackups } from '../rescan-backups-flag';

describe('--rescan-backups', () => {
  it('reads default, off and tier=N lists', () => {
    assert.deepEqual(parseRescanBackups('default'), DEFAULT_PROGRESS_TIERS);
    assert.equal(parseRescanBackups('off'), null);
    assert.deepEqual(parseRescanBackups('frequent=50, milestone=1000'), { frequent: 50, milestone: 1000 });
    assert.deepEqual(parseRescanBackups('moderate=1000000'), { moderate: 1_000_000 });
  });

  it('refuses anything else as bad usage', () => {
    for (const bad of [
      '',
      'on',
      'frequent',
      'frequent=',
      'frequent=0',
      'frequent=-5',
      'frequent=1e3',
      'frequent=1000001',
      'frequent=5,frequent=6',
      'daily=7',
      'frequent=5=6',
      'default,frequent=5',
    ]) {
      assert.throws(() => parseRescanBackups(bad), UsageError, JSON.stringify(bad));
    }
  });

  it('describes the tiers in order, or off', () => {
    assert.equal(describeRescanBackups(null), 'off');
    assert.equal(describeRescanBackups({}), 'off');
    assert.equal(
      describeRescanBackups({ milestone: 1000, frequent: 25 }),
      'every 25 (frequent), 1,000 (milestone) analysed tracks',
    );
  });
});
