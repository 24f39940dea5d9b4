// The CLI loads only the command that runs: start-up is paid by every `backbeat backup`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../main';
import { SHORT_USAGE } from '../usage';
import { createVariantALibrary } from '../../engine/test/fixtures/libraries';
import { makeTempDir } from '../../engine/test/fixtures/temp-dir';

const MAIN = path.join(__dirname, '..', 'main.js');

/**
 * The compiled modules of ours a fresh process has loaded after running `argv` (with
 * `packages`, the files it loaded from node_modules instead).
 */
function loadedAfter(argv: string[], packages = false): string[] {
  const script = `
    const main = require(${JSON.stringify(MAIN)});
    main.main(${JSON.stringify(argv)}, { stdout() {}, stderr() {}, stderrIsTTY: false, stderrColumns: 80, env: {}, onInterrupt: () => () => {}, stdinIsTTY: false, prompt: async () => null }).catch(() => 0).then(() => {
      const ours = ${packages}
        ? Object.keys(require.cache).filter((f) => f.includes('/node_modules/')).map((f) => f.split('/node_modules/').pop())
        : Object.keys(require.cache).filter((f) => f.includes('/dist/')).map((f) => f.split('/dist/')[1]);
      process.stdout.write(JSON.stringify(ours));
    });`;
  const res = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return JSON.parse(res.stdout) as string[];
}

describe('CLI start-up', () => {
  it('every command name loads the spec of that name', () => {
    // The registry and the usage text name the same commands.
    const listed = new Set([...SHORT_USAGE.matchAll(/^\s+backbeat ([a-z-]+)/gm)].map((m) => m[1]));
    assert.deepEqual([...COMMANDS.keys()].sort(), [...listed].sort());
    for (const [name, load] of COMMANDS) assert.equal(load().name, name);
  });

  it('loads no command and no engine for --help', () => {
    const loaded = loadedAfter(['--help']);
    assert.ok(loaded.includes('electron/cli/usage.js'), loaded.join('\n'));
    assert.deepEqual(
      loaded.filter(
        (f) => f === 'electron/engine/backup/backup.js' || f.startsWith('electron/engine/rescan/'),
      ),
      [],
    );
  });

  it('backup loads the backup command, not the rescan, restore or serve commands', () => {
    const loaded = loadedAfter(['backup', '--library', '/nonexistent/library.db']);
    assert.ok(loaded.includes('electron/cli/commands/backup.js'), loaded.join('\n'));
    for (const other of ['rescan', 'restore', 'serve', 'schedule', 'demo']) {
      assert.ok(!loaded.includes(`electron/cli/commands/${other}.js`), `${other} was loaded`);
    }
  });

  it('a whole backup loads neither zod nor the restore, rescan or retention engines', () => {
    const tmp = makeTempDir('cli-lazy-backup');
    try {
      const lib = path.join(tmp.dir, 'library.db');
      createVariantALibrary(lib, { tracks: 5 });
      const argv = ['backup', '--library', lib, '--backup-dir', path.join(tmp.dir, 'backups')];
      // zod and every locale it ships took about half of `backbeat backup`'s start-up.
      assert.deepEqual(
        loadedAfter(argv, true).filter((f) => f.startsWith('zod/')),
        [],
        'zod was loaded',
      );
      const loaded = loadedAfter(argv);
      assert.ok(loaded.includes('electron/engine/backup/backup.js'), loaded.join('\n'));
      // (The lock's sweep of what a killed restore left does load restore's file helpers.)
      assert.deepEqual(
        loaded.filter((f) =>
          /^electron\/engine\/(rescan|retention)\/|^electron\/engine\/restore\/restore-(apply|preview)/.test(
            f,
          ),
        ),
        [],
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('a named backup still checks its name with the schema', () => {
    const loaded = loadedAfter(['backup', '--library', '/nonexistent/library.db', '--name', 'a/b'], true);
    assert.ok(
      loaded.some((f) => f.startsWith('zod/')),
      'the name was not checked by the schema',
    );
  });
});
