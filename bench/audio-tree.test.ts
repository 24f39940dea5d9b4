// The repository bench's inputs must be what its rows say: audio-like files that do not
// compress, in folders of the stated sizes, and a retag that rewrites only the tag block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { makeTempDir } from '../electron/engine/test/fixtures/temp-dir';
import { TAG_BYTES, dirBytes, retag, writeTree } from './audio-tree';

test('writeTree lays out artist and album folders of the given sizes, incompressible', () => {
  const tmp = makeTempDir('audio-tree');
  try {
    const files = writeTree(tmp.dir, 12, 10_000, { perArtist: 6, perAlbum: 3 });
    assert.equal(files.length, 12);
    assert.deepEqual(fs.readdirSync(tmp.dir).sort(), ['A000', 'A001']);
    assert.deepEqual(fs.readdirSync(path.join(tmp.dir, 'A001')).sort(), ['Album 00', 'Album 01']);
    assert.equal(fs.readdirSync(path.join(tmp.dir, 'A001', 'Album 01')).length, 3);
    assert.equal(dirBytes(tmp.dir), 12 * 10_000);
    const bytes = fs.readFileSync(files[0]!);
    assert.equal(bytes.subarray(0, 3).toString('latin1'), 'ID3');
    assert.ok(zlib.gzipSync(bytes).length > bytes.length * 0.99, 'random bytes do not compress');
    assert.notDeepEqual(bytes, fs.readFileSync(files[1]!));
  } finally {
    tmp.cleanup();
  }
});

test('retag rewrites the first 4 KB and leaves the rest of the file as it was', () => {
  const tmp = makeTempDir('audio-tree');
  try {
    const [file] = writeTree(tmp.dir, 1, 3 * TAG_BYTES, { perArtist: 1, perAlbum: 1 });
    const before = fs.readFileSync(file!);
    retag(file!);
    const after = fs.readFileSync(file!);
    assert.equal(after.length, before.length);
    assert.notDeepEqual(after.subarray(0, TAG_BYTES), before.subarray(0, TAG_BYTES));
    assert.deepEqual(after.subarray(TAG_BYTES), before.subarray(TAG_BYTES));
  } finally {
    tmp.cleanup();
  }
});
