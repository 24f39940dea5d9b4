import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ContractError } from '../../../../shared/errors';
import { appVersion, defaultDataDir, settingsFilePath } from '../../fs/paths';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../settings';

describe('settings', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-settings-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the defaults when there is no settings file', () => {
    assert.deepEqual(loadSettings(dir), { settings: DEFAULT_SETTINGS, warning: null });
  });

  it('saves and loads the settings, leaving no temp file behind', () => {
    const dataDir = path.join(dir, 'nested', 'Backbeat');
    saveSettings(dataDir, { libraryPath: '/music/library.db', backupDir: null });
    assert.deepEqual(loadSettings(dataDir).settings, { libraryPath: '/music/library.db', backupDir: null });
    saveSettings(dataDir, { libraryPath: '/music/library.db', backupDir: '/mnt/backups' });
    assert.deepEqual(loadSettings(dataDir).settings, {
      libraryPath: '/music/library.db',
      backupDir: '/mnt/backups',
    });
    assert.deepEqual(fs.readdirSync(dataDir), ['settings.json']);
    const onDisk = JSON.parse(fs.readFileSync(settingsFilePath(dataDir), 'utf8')) as unknown;
    assert.deepEqual(onDisk, { libraryPath: '/music/library.db', backupDir: '/mnt/backups' });
  });

  for (const [label, body] of [
    ['not JSON', '{"libraryPath": "/a'],
    ['the wrong shape', '{"libraryPath": 5, "backupDir": null}'],
    ['not an object', '[1, 2]'],
    ['empty', ''],
  ] as const) {
    it(`moves a settings file that is ${label} aside and uses the defaults`, () => {
      fs.writeFileSync(settingsFilePath(dir), body);
      const loaded = loadSettings(dir);
      assert.deepEqual(loaded.settings, DEFAULT_SETTINGS);
      assert.match(loaded.warning!, /damaged/);
      const files = fs.readdirSync(dir);
      assert.equal(files.length, 1);
      assert.match(files[0]!, /^settings\.json\.corrupt-/);
      assert.equal(
        fs.readFileSync(path.join(dir, files[0]!), 'utf8'),
        body,
        'the damaged file is kept, not lost',
      );
      // The next save starts afresh.
      saveSettings(dir, { libraryPath: '/x.db', backupDir: null });
      assert.deepEqual(loadSettings(dir), {
        settings: { libraryPath: '/x.db', backupDir: null },
        warning: null,
      });
    });
  }

  it('fills in keys missing from an older file and ignores unknown ones', () => {
    fs.writeFileSync(settingsFilePath(dir), '{"libraryPath": "/lib.db", "theme": "dark"}');
    assert.deepEqual(loadSettings(dir), {
      settings: { libraryPath: '/lib.db', backupDir: null },
      warning: null,
    });
  });

  it('reports a folder it cannot write to as a sentence, not a crash', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'x');
    assert.throws(
      () => saveSettings(path.join(blocker, 'data'), { libraryPath: null, backupDir: null }),
      (e: unknown) =>
        e instanceof ContractError && e.code === 'io' && /Could not save the settings/.test(e.message),
    );
  });
});

describe('paths', () => {
  it('prefers BACKBEAT_DATA_DIR', () => {
    assert.equal(defaultDataDir({ BACKBEAT_DATA_DIR: '/tmp/bb' }, 'linux', '/home/u'), '/tmp/bb');
  });

  it('follows each platform’s convention', () => {
    assert.equal(defaultDataDir({}, 'linux', '/home/u'), '/home/u/.config/Backbeat');
    assert.equal(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), '/cfg/Backbeat');
    assert.equal(defaultDataDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/Backbeat');
    assert.equal(
      defaultDataDir({ APPDATA: '/c/Users/u/AppData/Roaming' }, 'win32', '/c/Users/u'),
      path.join('/c/Users/u/AppData/Roaming', 'Backbeat'),
    );
  });

  it('reads the app version from package.json', () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'),
    ) as {
      version: string;
    };
    assert.equal(appVersion(), pkg.version);
  });
});
