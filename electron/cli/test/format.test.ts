import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupListEntry, JobProgress } from '../../../shared/types';
import { renderBackupTable } from '../commands/list';
import { isExactYes } from '../commands/restore';
import { formatBytes, formatSeconds, renderTable, shellQuote } from '../format';
import { renderProgressLine } from '../progress-bar';

function entry(over: Partial<BackupListEntry>): BackupListEntry {
  return {
    id: '20240305-140700-abcd',
    status: 'ok',
    problem: null,
    name: null,
    createdAt: '2024-03-05T14:07:00.000Z',
    trigger: 'manual',
    trackCount: 30080,
    beat3tower: 30000,
    sizeBytes: 42_000_000,
    sha256: 'f'.repeat(64),
    pinned: false,
    verified: null,
    meta: null,
    ...over,
  };
}

describe('formatting', () => {
  it('formats sizes in decimal units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1500), '1.5 KB');
    assert.equal(formatBytes(999_960), '1.0 MB');
    assert.equal(formatBytes(156_000_000), '156 MB');
    assert.equal(formatBytes(42_300_000), '42.3 MB');
    assert.equal(formatBytes(null), '-');
  });

  it('formats durations', () => {
    assert.equal(formatSeconds(4.4), '4 s');
    assert.equal(formatSeconds(187), '3:07');
    assert.equal(formatSeconds(3729), '1:02:09');
  });

  it('aligns table columns, numbers to the right', () => {
    const text = renderTable(
      ['ID', 'TRACKS'],
      [
        ['a', '5'],
        ['bbbb', '1,000'],
      ],
      ['TRACKS'],
    );
    assert.equal(text, 'ID    TRACKS\na          5\nbbbb   1,000\n');
  });

  it('lists backups as a table and flags broken entries', () => {
    const text = renderBackupTable([
      entry({ name: 'before-rescan', pinned: true, verified: true }),
      entry({
        id: 'broken-1',
        status: 'unreadable-metadata',
        problem: 'Its metadata is not valid JSON.',
        trackCount: null,
      }),
    ]);
    const lines = text.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+NAME\s+CREATED\s+TRIGGER\s+TRACKS\s+SIZE\s+PINNED\s+VERIFIED$/);
    assert.match(
      lines[1]!,
      /^20240305-140700-abcd\s+before-rescan\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+manual\s+30,080\s+42\.0 MB\s+yes\s+ok$/,
    );
    assert.equal(
      lines[0]!.indexOf('TRACKS') + 'TRACKS'.length,
      lines[1]!.indexOf('30,080') + '30,080'.length,
    );
    assert.match(text, /! broken-1: Its metadata is not valid JSON\./);
  });

  it('quotes paths for the shell only when needed', () => {
    assert.equal(shellQuote('/tmp/demo/library.db'), '/tmp/demo/library.db');
    assert.equal(shellQuote('/tmp/my music/library.db'), "'/tmp/my music/library.db'");
    assert.equal(shellQuote("/tmp/it's"), "'/tmp/it'\\''s'");
  });

  it('draws a progress line with phase, percent and ETA, cut to the terminal width', () => {
    const p: JobProgress = {
      phase: 'compress',
      label: 'Compressing database',
      fraction: 0.5,
      bytesDone: null,
      bytesTotal: null,
      etaSeconds: 75,
    };
    const line = renderProgressLine(p, 120);
    assert.equal(line, 'Compressing database  [############............]  50%  ETA 1:15');
    assert.equal(renderProgressLine({ ...p, etaSeconds: null }, 120).includes('ETA'), false);
    assert.equal(renderProgressLine(p, 30).length, 29);
  });

  it('accepts exactly YES as confirmation', () => {
    assert.equal(isExactYes('YES'), true);
    for (const no of ['yes', 'Yes', 'y', ' YES', 'YES ', '', null])
      assert.equal(isExactYes(no), false, String(no));
  });
});
