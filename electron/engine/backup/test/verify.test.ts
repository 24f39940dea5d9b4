// verifyBackup and decompressBackupToTemp on real backups: healthy, cut off, one byte
// flipped, metadata tampered with or missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';
import type { BackupMeta } from '../../../../shared/types';
import { readBackupMeta } from '../backup-store';
import { decompressBackupToTemp } from '../../test/fixtures/decompress';
import { verifyBackup } from '../verify';
import { countRows, integrityCheck, recordingContext } from '../../test/fixtures/backup-helpers';
import {
  copyOfBackup,
  makePristineBackup,
  type BackupCopy,
  type PristineBackup,
} from '../../test/fixtures/pristine-backup';

/** One real backup, made once; every test works on its own copy of the backup folder. */
let pristine: PristineBackup | null = null;

before(async () => {
  pristine = await makePristineBackup('verify-pristine', 200);
});

after(() => pristine?.cleanup());

async function withBackup(prefix: string): Promise<BackupCopy> {
  return copyOfBackup(pristine!, prefix);
}

function editMeta(metaPath: string, change: (m: Record<string, unknown> & BackupMeta) => void): void {
  const m = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as Record<string, unknown> & BackupMeta;
  change(m);
  fs.writeFileSync(metaPath, JSON.stringify(m));
}

function tempDirsNamed(prefix: string): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(prefix));
}

test('a healthy backup verifies, with phases reported and the outcome recorded in its metadata', async () => {
  const s = await withBackup('verify-ok');
  try {
    const ctx = recordingContext();
    const result = await verifyBackup(s.backupDir, s.meta.id, ctx);
    assert.deepEqual(result.problems, []);
    assert.equal(result.ok, true);
    assert.equal(result.id, s.meta.id);
    assert.deepEqual([...new Set(ctx.updates.map((u) => u.phase))], ['checksum', 'decompress', 'integrity']);
    const recorded = await readBackupMeta(s.backupDir, s.meta.id);
    assert.deepEqual(recorded.lastVerified, { at: result.checkedAt, ok: true, problems: [] });
    assert.equal(recorded.sha256, s.meta.sha256, 'verify must not change anything else');
  } finally {
    s.cleanup();
  }
});

test('a cut-off backup fails verification and says so', async () => {
  const s = await withBackup('verify-truncated');
  try {
    const gz = fs.readFileSync(s.gzPath);
    fs.writeFileSync(s.gzPath, gz.subarray(0, Math.floor(gz.length / 2)));
    const result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    const text = result.problems.join('\n');
    assert.match(text, /checksum does not match/);
    assert.match(text, /cut off/);
    const recorded = await readBackupMeta(s.backupDir, s.meta.id);
    assert.equal(recorded.lastVerified?.ok, false);
    assert.deepEqual(recorded.lastVerified?.problems, result.problems);
  } finally {
    s.cleanup();
  }
});

test('one flipped byte fails verification', async () => {
  const s = await withBackup('verify-flip');
  try {
    const gz = fs.readFileSync(s.gzPath);
    const at = Math.floor(gz.length / 2);
    gz[at] = gz[at]! ^ 0x01;
    fs.writeFileSync(s.gzPath, gz);
    const result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    assert.match(result.problems.join('\n'), /checksum does not match/);
  } finally {
    s.cleanup();
  }
});

test('tampered metadata (track count, checksum, variant) fails verification', async () => {
  const s = await withBackup('verify-tamper');
  try {
    editMeta(s.metaPath, (m) => {
      m.stats.tracks = 999;
    });
    let result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, ['The backup holds 200 tracks, but its metadata says 999.']);

    editMeta(s.metaPath, (m) => {
      m.stats.tracks = 200;
      m.sha256 = 'f'.repeat(64);
      m.library.variant = 'B';
    });
    result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    const text = result.problems.join('\n');
    assert.match(text, /checksum does not match/);
    assert.match(text, /variant A, but its metadata says B/);
  } finally {
    s.cleanup();
  }
});

test('missing or unreadable metadata still checks the file and reports ok:false', async () => {
  const s = await withBackup('verify-nometa');
  try {
    fs.writeFileSync(s.metaPath, '{ not json');
    let result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    assert.match(result.problems.join('\n'), /not valid JSON/);
    assert.equal(
      fs.readFileSync(s.metaPath, 'utf8'),
      '{ not json',
      'unreadable metadata must not be rewritten',
    );

    fs.rmSync(s.metaPath);
    result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    assert.match(result.problems.join('\n'), /metadata file cannot be read \(it is missing\)/);
    assert.equal(fs.existsSync(s.metaPath), false);

    await assert.rejects(
      verifyBackup(s.backupDir, '20200101-000000-000-ffffff', recordingContext()),
      (err: unknown) => {
        return err instanceof ContractError && err.code === 'not-found';
      },
    );
  } finally {
    s.cleanup();
  }
});

test('decompressBackupToTemp unpacks a healthy backup into a private temp file that dispose removes', async () => {
  const s = await withBackup('decompress-ok');
  try {
    const ctx = recordingContext();
    const temp = await decompressBackupToTemp(s.backupDir, s.meta.id, ctx);
    assert.ok(temp.path.startsWith(os.tmpdir()));
    assert.equal(integrityCheck(temp.path), 'ok');
    assert.equal(countRows(temp.path, 'tracks'), 200);
    assert.equal(fs.statSync(temp.path).size, s.meta.sizes.databaseBytes);
    assert.ok(ctx.updates.some((u) => u.phase === 'decompress'));
    await temp.dispose();
    await temp.dispose();
    assert.equal(fs.existsSync(path.dirname(temp.path)), false);
  } finally {
    s.cleanup();
  }
});

test('decompressBackupToTemp refuses a damaged backup as corrupt and leaves no temp files', async () => {
  const s = await withBackup('decompress-bad');
  // A private temp folder: other test files running at the same time make temp folders too.
  const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-verify-tmp-'));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  try {
    const before = tempDirsNamed('backbeat-backup-');
    const gz = fs.readFileSync(s.gzPath);
    // A flipped byte in the gzip trailer: decompression itself succeeds, only the checksum can tell.
    const flipped = Buffer.from(gz);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 0xff;
    fs.writeFileSync(s.gzPath, flipped);
    await assert.rejects(
      decompressBackupToTemp(s.backupDir, s.meta.id, recordingContext()),
      (err: unknown) => {
        return err instanceof ContractError && err.code === 'corrupt';
      },
    );
    fs.writeFileSync(s.gzPath, gz.subarray(0, gz.length - 100));
    await assert.rejects(
      decompressBackupToTemp(s.backupDir, s.meta.id, recordingContext()),
      (err: unknown) => {
        return (
          err instanceof ContractError && err.code === 'corrupt' && /cut off or damaged/.test(err.message)
        );
      },
    );
    // Checksum ok, but the metadata checksum was tampered with.
    fs.writeFileSync(s.gzPath, gz);
    editMeta(s.metaPath, (m) => {
      m.sha256 = '0'.repeat(64);
    });
    await assert.rejects(
      decompressBackupToTemp(s.backupDir, s.meta.id, recordingContext()),
      (err: unknown) => {
        return err instanceof ContractError && err.code === 'corrupt' && /checksum/.test(err.message);
      },
    );
    assert.deepEqual(tempDirsNamed('backbeat-backup-').sort(), before.sort());
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(privateTmp, { recursive: true, force: true });
    s.cleanup();
  }
});

test('cancelling verify and decompress ends with cancelled', async () => {
  const s = await withBackup('verify-cancel');
  try {
    const controller = new AbortController();
    controller.abort();
    for (const run of [
      () => verifyBackup(s.backupDir, s.meta.id, recordingContext(controller.signal)),
      () => decompressBackupToTemp(s.backupDir, s.meta.id, recordingContext(controller.signal)),
    ]) {
      await assert.rejects(run(), (err: unknown) => err instanceof ContractError && err.code === 'cancelled');
    }
    assert.equal((await readBackupMeta(s.backupDir, s.meta.id)).lastVerified, null);
  } finally {
    s.cleanup();
  }
});
