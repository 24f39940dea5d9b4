// The tray menu's items and what they do, and which icon file the tray uses.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BackupHealth } from '../../../shared/schedule-types';
import { buildTrayTemplate, trayIconPath } from '../tray-menu';

const HEALTH: BackupHealth = {
  level: 'ok',
  newestAt: '2026-01-01T03:00:00.000Z',
  newestAgeMs: 3 * 3_600_000,
  text: 'Newest backup: 3 hours ago',
  warning: null,
  lastRunFailed: null,
};

describe('tray menu', () => {
  it('offers back up now, the newest backup age (disabled), show and quit', () => {
    const calls: string[] = [];
    const template = buildTrayTemplate(HEALTH, {
      backUpNow: () => calls.push('backup'),
      showWindow: () => calls.push('show'),
      quit: () => calls.push('quit'),
    });
    const labelled = template.filter((i) => i.type !== 'separator');
    assert.deepEqual(
      labelled.map((i) => i.label),
      ['Back up now', 'Newest backup: 3 hours ago', 'Show Backbeat', 'Quit'],
    );
    assert.equal(labelled[1]!.enabled, false, 'the age is information, not a command');
    for (const item of labelled) (item.click as (() => void) | undefined)?.();
    assert.deepEqual(calls, ['backup', 'show', 'quit']);
  });

  it('cannot back up without a library', () => {
    const template = buildTrayTemplate(null, {
      backUpNow: () => undefined,
      showWindow: () => undefined,
      quit: () => undefined,
    });
    assert.equal(template[0]!.enabled, false);
    assert.equal(template[1]!.label, 'No library chosen');
  });

  it('picks an icon that exists in build/icons for each platform', () => {
    const buildDir = path.join(__dirname, '..', '..', '..', '..', 'build');
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      assert.ok(fs.existsSync(trayIconPath(buildDir, platform)), platform);
    }
  });
});
