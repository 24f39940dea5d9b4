// Parallel unpacking: a backup records its gzip member layout, two workers unpack it to
// the same bytes as the sequential stream, and damage to the file or to the layout is
// still reported as corrupt (or, for a layout that does not add up, unpacked sequentially).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ContractError } from '../../../../shared/errors';
import { readBackupMeta } from '../../backup/backup-store';
import { decompressBackupToTemp } from '../../test/fixtures/decompress';
import { gunzipFile } from '../gunzip-file';
import { usableLayout } from '../gunzip-pipeline';
import { handlers as gzipHandlers } from '../gzip-worker';
import { verifyBackup } from '../../backup/verify';
import { integrityCheck, recordingContext } from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import {
  copyOfBackup,
  makePristineBackup,
  type BackupCopy,
  type PristineBackup,
} from '../../test/fixtures/pristine-backup';

/** Small members, so a small library still makes dozens of them for the workers. */
const CHUNK_BYTES = 16 * 1024;

let pristine: PristineBackup | null = null;

before(async () => {
  pristine = await makePristineBackup('decompress-pristine', 300, { chunkBytes: CHUNK_BYTES });
  // Our own temp folder: other test files run alongside and make `backbeat-backup-*`
  // folders of their own, which would upset the "leaves no temp files" checks.
  const privateTmp = path.join(pristine.dir, 'tmp');
  fs.mkdirSync(privateTmp);
  process.env.TMPDIR = privateTmp;
});

after(() => pristine?.cleanup());

/** Every test damages its own copy of the one backup made above. */
function withBackup(prefix: string): BackupCopy {
  return copyOfBackup(pristine!, prefix);
}

function editMeta(metaPath: string, edit: (m: Record<string, unknown>) => void): void {
  const m = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  edit(m);
  fs.writeFileSync(metaPath, JSON.stringify(m, null, 2));
}

function layoutOf(m: Record<string, unknown>): { chunkBytes: number; compressedSizes: number[] } {
  return m.gzipMembers as { chunkBytes: number; compressedSizes: number[] };
}

function tempDirsNamed(prefix: string): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(prefix));
}

/** What plain zlib makes of the file: the reference both unpack paths must match. */
function referenceBytes(gzPath: string): Buffer {
  return zlib.gunzipSync(fs.readFileSync(gzPath));
}

async function unpacked(s: BackupCopy): Promise<Buffer> {
  const temp = await decompressBackupToTemp(s.backupDir, s.meta.id, recordingContext());
  try {
    return fs.readFileSync(temp.path);
  } finally {
    await temp.dispose();
  }
}

function isCorrupt(pattern: RegExp): (err: unknown) => boolean {
  return (err: unknown) =>
    err instanceof ContractError && err.code === 'corrupt' && pattern.test(err.message);
}

test('a new backup records its gzip member layout, and it adds up to the file', async () => {
  const s = withBackup('decompress-layout');
  try {
    const layout = s.meta.gzipMembers!;
    assert.equal(layout.chunkBytes, CHUNK_BYTES);
    assert.equal(layout.compressedSizes.length, Math.ceil(s.meta.sizes.databaseBytes / CHUNK_BYTES));
    assert.ok(layout.compressedSizes.length > 10, 'the fixture should make many members');
    const gz = fs.readFileSync(s.gzPath);
    assert.equal(
      layout.compressedSizes.reduce((a, b) => a + b, 0),
      gz.length,
    );
    // Each recorded size ends exactly where the next member's gzip header begins.
    let offset = 0;
    for (const size of layout.compressedSizes) {
      assert.deepEqual([gz[offset], gz[offset + 1]], [0x1f, 0x8b]);
      offset += size;
    }
    // The layout survives the round trip through the metadata schema.
    assert.deepEqual((await readBackupMeta(s.backupDir, s.meta.id)).gzipMembers, layout);
    const hint = { gzipMembers: layout, databaseBytes: s.meta.sizes.databaseBytes };
    assert.notEqual(usableLayout(hint, gz.length), null);
  } finally {
    s.cleanup();
  }
});

test('usableLayout refuses layouts that do not fit the file or the database size', () => {
  const hint = { databaseBytes: 100, gzipMembers: { chunkBytes: 40, compressedSizes: [30, 30, 20] } };
  assert.notEqual(usableLayout(hint, 80), null);
  assert.equal(usableLayout(hint, 81), null, 'sizes must sum to the file');
  assert.equal(usableLayout({ ...hint, databaseBytes: 200 }, 80), null, 'one member per chunk');
  assert.equal(usableLayout({ databaseBytes: 100 }, 80), null, 'no layout');
  assert.equal(
    usableLayout({ databaseBytes: 100, gzipMembers: { chunkBytes: 40, compressedSizes: [60, 10, 10] } }, 80),
    null,
    'a member smaller than a gzip header and trailer',
  );
  assert.equal(
    usableLayout({ databaseBytes: 2 ** 31, gzipMembers: { chunkBytes: 2 ** 31, compressedSizes: [80] } }, 80),
    null,
    'a chunk too big to allocate buffers for',
  );
});

test('gunzipMember inflates exactly one member into its place in the file, or refuses', () => {
  const tmp = makeTempDir('decompress-member');
  try {
    const data = Buffer.from('backbeat '.repeat(1000));
    const member = zlib.gzipSync(data);
    const destPath = path.join(tmp.dir, 'out.db');
    const position = 100;
    const run = (bytes: Uint8Array, maxBytes: number): unknown => {
      fs.writeFileSync(destPath, Buffer.alloc(position, 0x2a));
      const input = new SharedArrayBuffer(bytes.length);
      new Uint8Array(input).set(bytes);
      const args = { input, length: bytes.length, destPath, position, maxBytes };
      const length = gzipHandlers.gunzipMember(args);
      const written = fs.readFileSync(destPath);
      // The bytes before `position` (another member's place) are left alone.
      assert.ok(written.subarray(0, position).equals(Buffer.alloc(position, 0x2a)));
      return length === data.length && written.subarray(position).equals(data);
    };
    assert.equal(run(member, data.length), true);
    assert.throws(() => run(member, data.length - 1), /unpacks to more than/);
    assert.equal(fs.statSync(destPath).size, position, 'a refused member writes nothing');
    // Trailing bytes: zlib or, failing that, the trailer check refuses them.
    assert.throws(() => run(Buffer.concat([member, Buffer.from('junk')]), data.length));
    assert.throws(() => run(Buffer.concat([member, member]), 2 * data.length), /does not end|more than/);
    assert.throws(() => run(member.subarray(1), data.length), /does not start/);
    assert.throws(() => run(member.subarray(0, member.length - 3), data.length));
  } finally {
    tmp.cleanup();
  }
});

test('unpacking with the layout gives the same bytes as the sequential stream', async () => {
  const s = withBackup('decompress-same');
  try {
    const parallel = await unpacked(s);
    const sequentialPath = path.join(s.dir, 'sequential.db');
    const result = await gunzipFile(s.gzPath, sequentialPath, recordingContext());
    assert.equal(result.sha256, s.meta.sha256);
    assert.ok(parallel.equals(fs.readFileSync(sequentialPath)));
    assert.ok(parallel.equals(referenceBytes(s.gzPath)));
    assert.equal(parallel.length, s.meta.sizes.databaseBytes);
    const copy = path.join(s.dir, 'copy.db');
    fs.writeFileSync(copy, parallel);
    assert.equal(integrityCheck(copy), 'ok');
  } finally {
    s.cleanup();
  }
});

test('an old backup without the layout, or with a malformed one, still unpacks', async () => {
  const s = withBackup('decompress-old');
  try {
    const reference = referenceBytes(s.gzPath);
    editMeta(s.metaPath, (m) => {
      delete m.gzipMembers;
    });
    assert.ok((await unpacked(s)).equals(reference));
    editMeta(s.metaPath, (m) => {
      m.gzipMembers = 'not a layout';
    });
    assert.equal((await readBackupMeta(s.backupDir, s.meta.id)).gzipMembers, undefined);
    assert.ok((await unpacked(s)).equals(reference));
  } finally {
    s.cleanup();
  }
});

test('a layout that does not add up falls back to the sequential stream', async () => {
  const s = withBackup('decompress-fallback');
  try {
    const reference = referenceBytes(s.gzPath);
    editMeta(s.metaPath, (m) => {
      layoutOf(m).compressedSizes[3]! += 1;
    });
    assert.ok((await unpacked(s)).equals(reference));
    editMeta(s.metaPath, (m) => {
      layoutOf(m).compressedSizes[3]! -= 1;
      layoutOf(m).chunkBytes *= 2;
    });
    assert.ok((await unpacked(s)).equals(reference));
  } finally {
    s.cleanup();
  }
});

test('damage to the file or a shifted member boundary is corrupt, and leaves no temp files', async () => {
  const s = withBackup('decompress-damaged');
  try {
    const before = tempDirsNamed('backbeat-backup-');
    const gz = fs.readFileSync(s.gzPath);
    const sizes = s.meta.gzipMembers!.compressedSizes;
    const attempt = (): Promise<unknown> =>
      decompressBackupToTemp(s.backupDir, s.meta.id, recordingContext());

    // A flipped byte inside the third member's deflate data.
    const flipped = Buffer.from(gz);
    const inThird = sizes[0]! + sizes[1]! + Math.floor(sizes[2]! / 2);
    flipped[inThird] = flipped[inThird]! ^ 0xff;
    fs.writeFileSync(s.gzPath, flipped);
    await assert.rejects(attempt(), isCorrupt(/cut off or damaged|checksum/));

    // A flipped byte in the last member's trailer (its length).
    const trailer = Buffer.from(gz);
    trailer[trailer.length - 1] = trailer[trailer.length - 1]! ^ 0xff;
    fs.writeFileSync(s.gzPath, trailer);
    await assert.rejects(attempt(), isCorrupt(/cut off or damaged|checksum/));

    // Cut off: the layout no longer adds up, and the sequential stream says so.
    fs.writeFileSync(s.gzPath, gz.subarray(0, gz.length - 100));
    await assert.rejects(attempt(), isCorrupt(/cut off or damaged/));

    // The file is intact but one boundary moved (the sum still fits): the workers refuse.
    fs.writeFileSync(s.gzPath, gz);
    for (const shift of [-1, 1, -200]) {
      editMeta(s.metaPath, (m) => {
        const layout = layoutOf(m);
        layout.compressedSizes = [...sizes];
        layout.compressedSizes[1]! += shift;
        layout.compressedSizes[2]! -= shift;
      });
      await assert.rejects(attempt(), isCorrupt(/cut off or damaged/), `boundary shifted by ${shift}`);
    }

    // The file is intact but its recorded checksum is not.
    editMeta(s.metaPath, (m) => {
      layoutOf(m).compressedSizes = [...sizes];
      m.sha256 = '0'.repeat(64);
    });
    await assert.rejects(attempt(), isCorrupt(/checksum/));
    assert.deepEqual(tempDirsNamed('backbeat-backup-').sort(), before.sort());
  } finally {
    s.cleanup();
  }
});

test('verify unpacks with the layout and reports a shifted boundary', async () => {
  const s = withBackup('decompress-verify');
  try {
    assert.deepEqual((await verifyBackup(s.backupDir, s.meta.id, recordingContext())).problems, []);
    editMeta(s.metaPath, (m) => {
      layoutOf(m).compressedSizes[0]! -= 4;
      layoutOf(m).compressedSizes[1]! += 4;
    });
    const result = await verifyBackup(s.backupDir, s.meta.id, recordingContext());
    assert.equal(result.ok, false);
    assert.match(result.problems.join(' '), /cannot be decompressed/);
  } finally {
    s.cleanup();
  }
});

test('cancelling between members ends with cancelled and leaves no temp files', async () => {
  const s = withBackup('decompress-cancel');
  try {
    const before = tempDirsNamed('backbeat-backup-');
    const controller = new AbortController();
    const ctx = recordingContext(controller.signal);
    const report = ctx.report;
    ctx.report = (u) => {
      report(u);
      if (u.phase === 'decompress') controller.abort();
    };
    await assert.rejects(decompressBackupToTemp(s.backupDir, s.meta.id, ctx), (err: unknown) => {
      return err instanceof ContractError && err.code === 'cancelled';
    });
    assert.ok(ctx.updates.length > 0);
    assert.deepEqual(tempDirsNamed('backbeat-backup-').sort(), before.sort());
  } finally {
    s.cleanup();
  }
});
