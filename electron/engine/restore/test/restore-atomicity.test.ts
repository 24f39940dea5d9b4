// Atomicity of the additive restore: a process killed in the middle of the transaction
// (after its pages reached the disk) and a cancel while rows are being written both leave
// the library exactly as it was.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/contract';
import { decompressBackupToTemp } from '../../test/fixtures/decompress';
import { silentContext } from '../../runtime/progress';
import { applyRestore } from '../restore-apply';
import {
  dumpDatabase,
  libraryWithBackup,
  removeTree,
  type Fixture,
} from '../../test/fixtures/restore-scenario';

const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-atomic-tmp-'));
process.env.TMPDIR = privateTmp;
after(() => removeTree(privateTmp));

function isContractError(code: string) {
  return (e: unknown) => {
    assert.ok(e instanceof ContractError, `expected a ContractError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  };
}

describe('applyRestore additive, killed mid-transaction', () => {
  let fx: Fixture;
  const child = path.join(__dirname, '..', '..', 'test', 'fixtures', 'restore-apply-child.js');

  before(async () => {
    // Big enough that the transaction outgrows SQLite's page cache (16 MB in better-sqlite3)
    // and spills to disk (the -wal, or the database file behind its journal) before the
    // kill: with everything still in memory the test would prove nothing.
    fx = await libraryWithBackup('apply-kill', { tracks: 3200, seed: 34 });
  });
  after(() => removeTree(fx.root));

  for (const journal of ['WAL', 'DELETE'] as const) {
    it(`leaves the library entirely as before (${journal} journal)`, async () => {
      const db = new Database(fx.libraryPath);
      db.pragma(`journal_mode = ${journal}`);
      db.exec('UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL');
      db.close();
      const dump = dumpDatabase(fx.libraryPath);
      const temp = await decompressBackupToTemp(fx.backupDir, fx.backup.id, silentContext());
      try {
        const run = spawnSync(process.execPath, [child, fx.libraryPath, temp.path, '2600'], {
          encoding: 'utf8',
        });
        assert.equal(run.signal, 'SIGKILL', `child ended with ${run.status}: ${run.stderr}`);
        const leftover = journal === 'WAL' ? `${fx.libraryPath}-wal` : `${fx.libraryPath}-journal`;
        assert.ok(fs.statSync(leftover).size > 0, `the killed transaction reached ${leftover}`);
        // The next writer rolls back a hot journal (a read-only reader may not).
        const reopen = new Database(fx.libraryPath);
        reopen.prepare('SELECT count(*) FROM tracks').get();
        reopen.close();
        assert.equal(dumpDatabase(fx.libraryPath), dump);
      } finally {
        await temp.dispose();
      }
    });
  }

  it('rolls back when cancelled during the restore step, and removes the unpacked copy', async () => {
    const dump = dumpDatabase(fx.libraryPath);
    const controller = new AbortController();
    const phases: string[] = [];
    await assert.rejects(
      applyRestore({
        libraryPath: fx.libraryPath,
        backupDir: fx.backupDir,
        id: fx.backup.id,
        mode: 'additive',
        appVersion: 'test',
        ctx: {
          signal: controller.signal,
          report: (u) => {
            phases.push(u.phase);
            // After the safety backup and the unpacking: while comparing or writing.
            if (u.phase === 'restore') controller.abort();
          },
        },
      }),
      isContractError('cancelled'),
    );
    assert.ok(phases.includes('safety-backup') && phases.includes('decompress'), phases.join(','));
    assert.equal(dumpDatabase(fx.libraryPath), dump);
    assert.deepEqual(
      fs.readdirSync(privateTmp).filter((n) => n.startsWith('backbeat-backup-')),
      [],
    );
  });
});
