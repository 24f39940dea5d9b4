// The one size style shared by the CLI, the app and the engine's messages: KB (not
// kB or KiB) and MB, the same digits everywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatByteSize } from '../../../shared/byte-size';
import { formatBytes as statusBytes } from '../../engine/health/status-report';
import { formatBytes as cliBytes } from '../format';

describe('sizes: one unit style', () => {
  it('writes B, KB, MB, GB with one decimal below 100', () => {
    assert.equal(formatByteSize(999), '999 B');
    assert.equal(formatByteSize(1500), '1.5 KB');
    assert.equal(formatByteSize(764_000), '764 KB');
    assert.equal(formatByteSize(999_960), '1.0 MB');
    assert.equal(formatByteSize(42_300_000), '42.3 MB');
    assert.equal(formatByteSize(99_960_000), '100 MB');
    assert.equal(formatByteSize(156_000_000), '156 MB');
    assert.equal(formatByteSize(3_400_000_000), '3.4 GB');
  });

  it('is what the CLI and the engine messages print', () => {
    for (const n of [0, 999, 1500, 764_000, 42_300_000, 156_000_000, 3_400_000_000]) {
      assert.equal(cliBytes(n), formatByteSize(n));
      assert.equal(statusBytes(n), formatByteSize(n));
    }
    assert.doesNotMatch(cliBytes(1500), /kB|KiB/);
  });
});
