// Additive restore: exactly the differing rows of matched tracks are written back, after
// a safety backup, in one transaction; library-only tracks and other tables stay as they
// are. Failure, cancel and a killed process leave the library entirely as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/contract';
import { listBackups, readBackupMeta } from '../../backup/backup-store';
import { createDemoLibrary } from '../../demo/demo';
import { decompressBackupToTemp } from '../../test/fixtures/decompress';
import { getLibraryStats } from '../../library/library';
import { silentContext } from '../../runtime/progress';
import { applyAdditive } from '../restore-additive';
import { applyRestore } from '../restore-apply';
import { previewRestore } from '../restore-preview';
import {
  analysisOf,
  dumpDatabase,
  libraryWithBackup,
  readTracks,
  removeTree,
  tamperLibrary,
  type Fixture,
  type Tampering,
  type TrackRow,
} from '../../test/fixtures/restore-scenario';

const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-apply-tmp-'));
process.env.TMPDIR = privateTmp;
after(() => removeTree(privateTmp));

function isContractError(code: string, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ContractError, `expected a ContractError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** Logs every row the restore updates, through a trigger the engine knows nothing about. */
function logUpdates(libraryPath: string): () => string[] {
  const db = new Database(libraryPath);
  db.exec(`CREATE TABLE update_log (track_id TEXT);
           CREATE TRIGGER log_updates AFTER UPDATE ON tracks BEGIN INSERT INTO update_log VALUES (new.track_id); END;`);
  db.close();
  return () => {
    const r = new Database(libraryPath, { readonly: true });
    try {
      return r.prepare('SELECT track_id FROM update_log').pluck().all() as string[];
    } finally {
      r.close();
    }
  };
}

async function okBackupCount(backupDir: string): Promise<number> {
  return (await listBackups(backupDir)).filter((b) => b.status === 'ok').length;
}

function expectRestored(
  live: Map<string, TrackRow>,
  backedUp: Map<string, TrackRow>,
  tampering: Tampering,
  variant: 'A' | 'B',
): void {
  for (const [id, row] of backedUp) {
    if (tampering.deleted.includes(id)) continue;
    const liveId = tampering.retaggedAltered.get(id) ?? tampering.retaggedSame.get(id) ?? id;
    assert.deepEqual(
      analysisOf(live.get(liveId), variant),
      analysisOf(row, variant),
      `analysis of ${liveId}`,
    );
  }
}

describe('applyRestore additive, variant A', () => {
  let fx: Fixture;
  let tampering: Tampering;
  let backedUp: Map<string, TrackRow>;

  before(async () => {
    fx = await libraryWithBackup('apply-a', { tracks: 240, seed: 31 });
    backedUp = readTracks(fx.libraryPath);
    tampering = tamperLibrary(fx.libraryPath, 'A');
  });
  after(() => removeTree(fx.root));

  it('writes back exactly the differing rows, after a safety backup, and nothing else', async () => {
    const updatedRows = logUpdates(fx.libraryPath);
    const db = new Database(fx.libraryPath);
    db.exec("INSERT INTO playlists (name, created_at) VALUES ('Made after the backup', '2026-01-01')");
    db.close();
    const liveBefore = readTracks(fx.libraryPath);
    const statsBefore = getLibraryStats(fx.libraryPath);
    const preview = await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: silentContext(),
    });

    const result = await applyRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(result.mode, 'additive');
    assert.equal(result.backupId, fx.backup.id);
    assert.equal(result.savedLivePath, null);
    assert.equal(result.restored, tampering.toRestore);
    assert.equal(result.restored, preview.summary.toRestore);

    // The safety backup was made first: it holds the library as it was before the restore.
    const safety = await readBackupMeta(fx.backupDir, result.safetyBackupId);
    assert.equal(safety.trigger, 'auto_before_restore');
    const { libraryPath: _path, variant: _variant, databaseBytes: _bytes, ...expectedStats } = statsBefore;
    assert.deepEqual(safety.stats, expectedStats);

    // Exactly the differing rows were written, once each.
    const expectedIds = [
      ...tampering.altered,
      ...tampering.timestampOnly,
      ...tampering.wiped,
      ...tampering.retaggedAltered.values(),
    ].sort();
    assert.deepEqual(updatedRows().sort(), expectedIds);

    const live = readTracks(fx.libraryPath);
    expectRestored(live, backedUp, tampering, 'A');
    for (const id of tampering.libraryOnly)
      assert.deepEqual(live.get(id), liveBefore.get(id), 'library-only track');
    for (const newId of tampering.retaggedAltered.values()) {
      assert.match(live.get(newId)!.artist ?? '', /\(retagged\)$/, 'only analysis columns are written');
    }
    assert.equal(live.size, liveBefore.size);

    const after = getLibraryStats(fx.libraryPath);
    assert.deepEqual(preview.summary.formatsAfter, {
      beat3tower: after.beat3tower,
      legacy: after.legacy,
      none: after.tracks - after.analyzed,
    });
    const check = new Database(fx.libraryPath, { readonly: true });
    assert.equal(
      check.prepare("SELECT count(*) FROM playlists WHERE name = 'Made after the backup'").pluck().get(),
      1,
    );
    check.close();

    const again = await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: silentContext(),
    });
    assert.equal(again.summary.toRestore, 0);
    assert.deepEqual(
      fs.readdirSync(privateTmp).filter((n) => n.startsWith('backbeat-backup-')),
      [],
    );
  });
});

describe('applyRestore additive, variant B', () => {
  let fx: Fixture;
  let tampering: Tampering;
  let backedUp: Map<string, TrackRow>;

  before(async () => {
    fx = await libraryWithBackup('apply-b', { tracks: 200, seed: 32, variant: 'B' });
    backedUp = readTracks(fx.libraryPath);
    tampering = tamperLibrary(fx.libraryPath, 'B');
  });
  after(() => removeTree(fx.root));

  it('restores sonic_source, sonic_analyzed_at and sonic_failed_at with the features', async () => {
    const result = await applyRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(result.restored, tampering.toRestore);
    const live = readTracks(fx.libraryPath);
    expectRestored(live, backedUp, tampering, 'B');
    for (const id of tampering.sourceOnly)
      assert.equal(live.get(id)!.sonic_source, backedUp.get(id)!.sonic_source);
    for (const id of tampering.failedOnly) assert.equal(live.get(id)!.sonic_failed_at, null);
  });
});

describe('applyRestore additive, when it must not or cannot finish', () => {
  let fx: Fixture;

  before(async () => {
    fx = await libraryWithBackup('apply-fail', { tracks: 240, seed: 33 });
    tamperLibrary(fx.libraryPath, 'A');
  });
  after(() => removeTree(fx.root));

  it('changes nothing when the safety backup fails', async () => {
    const dump = dumpDatabase(fx.libraryPath);
    const backups = await okBackupCount(fx.backupDir);
    await assert.rejects(
      applyRestore({
        libraryPath: fx.libraryPath,
        backupDir: fx.backupDir,
        id: fx.backup.id,
        mode: 'additive',
        appVersion: 'test',
        ctx: silentContext(),
        safetyBackupTestHooks: {
          beforeWrite: () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          },
        },
      }),
      (e: unknown) => {
        assert.ok(e instanceof ContractError);
        assert.match(e.message, /safety backup before the restore failed, so the library was not changed/);
        return true;
      },
    );
    assert.equal(dumpDatabase(fx.libraryPath), dump);
    assert.equal(await okBackupCount(fx.backupDir), backups);
  });

  it('rolls back everything when a write fails half way', async () => {
    const dump = dumpDatabase(fx.libraryPath);
    const temp = await decompressBackupToTemp(fx.backupDir, fx.backup.id, silentContext());
    try {
      await assert.rejects(
        applyAdditive({ libraryPath: fx.libraryPath, backupCopyPath: temp.path }, silentContext(), {
          afterRowWritten: (n) => {
            if (n === 12) throw new Error('simulated I/O error');
          },
        }),
        /simulated I\/O error/,
      );
      assert.equal(dumpDatabase(fx.libraryPath), dump);

      const controller = new AbortController();
      await assert.rejects(
        applyAdditive(
          { libraryPath: fx.libraryPath, backupCopyPath: temp.path },
          silentContext(controller.signal),
          {
            afterRowWritten: (n) => {
              if (n === 5) controller.abort();
            },
          },
        ),
        isContractError('cancelled'),
      );
      assert.equal(dumpDatabase(fx.libraryPath), dump);
    } finally {
      await temp.dispose();
    }
  });

  it('refuses additive across different layouts, before making a safety backup', async () => {
    const libB = await createDemoLibrary(path.join(fx.root, 'lib-b'), { tracks: 20, seed: 1, variant: 'B' });
    const dump = dumpDatabase(libB);
    const backups = await okBackupCount(fx.backupDir);
    await assert.rejects(
      applyRestore({
        libraryPath: libB,
        backupDir: fx.backupDir,
        id: fx.backup.id,
        mode: 'additive',
        appVersion: 'test',
        ctx: silentContext(),
      }),
      isContractError('not-applicable', /replace/),
    );
    assert.equal(dumpDatabase(libB), dump);
    assert.equal(await okBackupCount(fx.backupDir), backups);
  });
});
