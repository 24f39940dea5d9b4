// Unusual names and links against a real restic: a 250-byte file name, a deep path, a
// symlink and a name that is not UTF-8 (byte 0xff, made with Buffer paths). Snapshot,
// browse, restore-files and export keep them exact; a link is stored and restored as a
// link, never followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exportOperation } from '../export';
import { filesOperation, initRepository, snapshotOperation } from '../operations';
import { goLossyName } from '../lossy-names';
import { applyRestoreFiles, includePattern, previewRestoreFiles } from '../restore-files';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

const LONG = `${'n'.repeat(246)}.mp3`; // 250 bytes: the most ext4 and most file systems allow is 255
const DEEP = Array.from({ length: 40 }, (_, i) => `level-${String(i).padStart(2, '0')}`).join('/');
const BAD_NAME = Buffer.concat([Buffer.from('bad'), Buffer.from([0xff]), Buffer.from('name.mp3')]);

test('a 250-byte name, a deep path, a symlink and a non-UTF-8 name: snapshot, browse, restore-files and export keep them exact', async (t) => {
  if (!(await resticOrSkip(t))) return;
  if (process.platform === 'win32') return t.skip('POSIX names and links');
  const w = makeWorld('repo-names', 2);
  try {
    const album = path.join(w.music, 'Odd');
    fs.mkdirSync(path.join(album, DEEP), { recursive: true });
    const long = path.join(album, LONG);
    const deep = path.join(album, DEEP, 'deep.mp3');
    fs.writeFileSync(long, audioBytes(4096));
    fs.writeFileSync(deep, audioBytes(4096));
    const link = path.join(album, 'link.mp3');
    fs.symlinkSync(LONG, link);
    const bad = Buffer.concat([Buffer.from(`${album}/`), BAD_NAME]);
    fs.writeFileSync(bad, audioBytes(2048));

    await initRepository({ ...w.scope, repo: w.repo });
    const snap = await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(snap.status, 'created');

    const listing = await filesOperation(w.scope, 'latest', album);
    const byPath = new Map(listing.entries.map((e) => [e.path, e]));
    assert.equal(byPath.get(long)?.type, 'file');
    assert.equal(byPath.get(long)?.size, 4096);
    assert.equal(byPath.get(link)?.type, 'symlink');
    // restic's JSON listing cannot carry the 0xff byte; the entry is there, shown with U+FFFD.
    assert.ok(listing.entries.some((e) => e.path === `${album}/bad\ufffdname.mp3`));
    const deepListing = await filesOperation(w.scope, 'latest', path.dirname(deep));
    assert.deepEqual(
      deepListing.entries.map((e) => e.path),
      [deep],
    );

    const elsewhere = path.join(w.dir, 'restored');
    fs.mkdirSync(elsewhere);
    const applied = await applyRestoreFiles(
      w.scope,
      'latest',
      { paths: [long, deep, link], to: elsewhere },
      quiet(),
    );
    assert.equal(applied.written, 3);
    const at = (p: string) => path.join(elsewhere, p);
    assert.deepEqual(fs.readFileSync(at(long)), fs.readFileSync(long));
    assert.deepEqual(fs.readFileSync(at(deep)), fs.readFileSync(deep));
    assert.ok(fs.lstatSync(at(link)).isSymbolicLink(), 'restored as a link, not a copy of its target');
    assert.equal(fs.readlinkSync(at(link)), LONG);

    // The folder exported as a tar.gz: every name byte for byte, the link as a link.
    const out = path.join(w.dir, 'odd.tar.gz');
    await exportOperation(w.scope, { ref: 'latest', path: album, out, ctx: quiet() });
    const unpacked = path.join(w.dir, 'unpacked');
    fs.mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', out, '-C', unpacked]);
    const found = execFileSync('find', [unpacked, '-name', '*.mp3'], { encoding: 'buffer' });
    assert.ok(found.includes(BAD_NAME), 'the non-UTF-8 name is exact in the archive');
    const inArchive = (p: string) => path.join(unpacked, path.relative('/', p));
    assert.deepEqual(fs.readFileSync(inArchive(long)), fs.readFileSync(long));
    assert.deepEqual(fs.readFileSync(inArchive(deep)), fs.readFileSync(deep));
    assert.ok(fs.lstatSync(inArchive(link)).isSymbolicLink());
    assert.equal(fs.readlinkSync(inArchive(link)), LONG);

    // The non-UTF-8 name, picked as the listing shows it: restored with its exact bytes,
    // elsewhere and in its original place (the changed copy kept aside, its name exact too).
    const lossy = `${album}/bad\ufffdname.mp3`;
    const original = fs.readFileSync(bad);
    const copyDir = path.join(w.dir, 'restored-bad');
    fs.mkdirSync(copyDir);
    const copied = await applyRestoreFiles(w.scope, 'latest', { paths: [lossy], to: copyDir }, quiet());
    assert.equal(copied.written, 1);
    assert.deepEqual(fs.readFileSync(Buffer.concat([Buffer.from(copyDir), bad])), original);
    // Shown as the browser shows it (the byte as \xFF), below the folder restored into.
    assert.deepEqual(
      copied.files.map((f) => [f.path, f.display, f.destinationDisplay]),
      [[lossy, `${album}/bad\\xFFname.mp3`, `${copyDir}${album}/bad\\xFFname.mp3`]],
    );

    fs.writeFileSync(bad, 'changed since the snapshot');
    const preview = await previewRestoreFiles(w.scope, 'latest', { paths: [lossy] });
    assert.equal(preview.files[0]?.action, 'overwrite');
    assert.equal(preview.files[0]?.destination, lossy);
    assert.equal(preview.files[0]?.destinationDisplay, `${album}/bad\\xFFname.mp3`);
    const back = await applyRestoreFiles(w.scope, 'latest', { paths: [lossy] }, quiet());
    assert.equal(back.written, 1);
    assert.deepEqual(fs.readFileSync(bad), original);
    assert.equal(back.movedAside.length, 1);
    // Listed as restic lists the name (U+FFFD), shown as the app shows it (\xFF).
    const [moved] = back.movedAside;
    assert.equal(moved?.path, lossy);
    assert.equal(moved?.display, `${album}/bad\\xFFname.mp3`);
    assert.match(moved?.movedTo ?? '', /\/bad\ufffdname\.before-restore-\d{8}-\d{6}\.mp3$/);
    assert.equal(moved?.movedToDisplay, moved?.movedTo.replace('\ufffd', '\\xFF'));
    const asides = fs
      .readdirSync(album, { encoding: 'buffer' })
      .filter((n) => n.includes(Buffer.from('.before-restore-')));
    assert.equal(asides.length, 1);
    assert.ok(asides[0]!.includes(Buffer.from([0xff])), 'the kept-aside copy has the exact name too');
    assert.equal(
      fs.readFileSync(Buffer.concat([Buffer.from(`${album}/`), asides[0]!]), 'utf8'),
      'changed since the snapshot',
    );
  } finally {
    w.cleanup();
  }
});

test("names that are not UTF-8: decoded as restic's JSON shows them, and matched by one byte in restores", () => {
  assert.equal(goLossyName(BAD_NAME), 'bad\ufffdname.mp3');
  assert.equal(goLossyName(Buffer.from('café.flac')), 'café.flac');
  // A cut three-byte sequence is two bad bytes, each its own U+FFFD (as Go writes it).
  assert.equal(goLossyName(Buffer.from([0x61, 0xe2, 0x82, 0x62])), 'a\ufffd\ufffdb');
  assert.equal(includePattern('/m/bad\ufffd[1]*.mp3'), '/m/bad?\\[1]\\*.mp3');
});
