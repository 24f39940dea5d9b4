// Names that are not UTF-8 shown without loss: restic's JSON listing has U+FFFD where
// their bytes were; Backbeat reads the exact names from restic's trees and shows each
// such byte as \xFF (the path itself stays as listed, which restore and export match on
// disk byte by byte). Browse, search and diff against a real restic, and the mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { escapedName, goLossyName } from '../lossy-names';
import {
  diffOperation,
  filesOperation,
  initRepository,
  searchFilesOperation,
  snapshotOperation,
} from '../operations';
import { unescapeTreeName } from '../raw-names';
import { indexPath } from '../snapshot-index';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

test('a name that is not UTF-8: its bytes shown as \\xFF, a backslash doubled, valid text kept', () => {
  assert.equal(escapedName(latin1('café.mp3')), 'caf\\xE9.mp3');
  assert.equal(escapedName(Buffer.from([0x61, 0xff, 0xfe, 0x62])), 'a\\xFF\\xFEb');
  assert.equal(escapedName(Buffer.concat([Buffer.from('é\\'), Buffer.from([0x80])])), 'é\\\\\\x80');
  // Two names that restic's JSON makes the same are told apart.
  assert.equal(goLossyName(latin1('caf\xe9')), goLossyName(latin1('caf\xe8')));
  assert.notEqual(escapedName(latin1('caf\xe9')), escapedName(latin1('caf\xe8')));
  // restic's tree form back to bytes.
  assert.deepEqual(unescapeTreeName('caf\\xe9.mp3'), latin1('caf\xe9.mp3'));
  assert.deepEqual(unescapeTreeName('back\\\\slash é'), Buffer.from('back\\slash é'));
  assert.deepEqual(unescapeTreeName('tab\\there'), Buffer.from('tab\there'));
  assert.equal(unescapeTreeName('cut\\'), null);
});

test('browse, search and diff show names that are not UTF-8 by their bytes', async (t) => {
  if (!(await resticOrSkip(t))) return;
  if (process.platform === 'win32') return t.skip('POSIX names');
  const w = makeWorld('repo-display-names', 1);
  try {
    // Inside the audio folder proposed from the library (the folder of its one track).
    const album = path.dirname(path.join(w.music, w.files[0]!));
    const dirBytes = Buffer.concat([Buffer.from(`${album}/Bj`), Buffer.from([0xf6]), Buffer.from('rk')]);
    fs.mkdirSync(dirBytes);
    const inner = Buffer.concat([dirBytes, Buffer.from('/'), latin1('caf\xe9.mp3')]);
    const added = Buffer.concat([dirBytes, Buffer.from('/'), latin1('new\xff.mp3')]);
    fs.writeFileSync(inner, audioBytes(1000));
    await initRepository({ ...w.scope, repo: w.repo });
    const one = await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    fs.writeFileSync(added, audioBytes(2000));
    const two = await snapshotOperation(w.scope, { name: 'two', trigger: 'manual', ctx: quiet() });
    assert.equal(two.status, 'created');

    const lossyDir = `${album}/Bj\ufffdrk`;
    const top = await filesOperation(w.scope, 'two', album);
    const dirEntry = top.entries.find((e) => e.path === lossyDir);
    assert.equal(dirEntry?.display, `${album}/Bj\\xF6rk`);
    const clean = top.entries.find((e) => e.path !== lossyDir);
    assert.ok(clean && clean.display === undefined, 'a UTF-8 name has no display form');

    const inside = await filesOperation(w.scope, 'one', lossyDir);
    assert.deepEqual(
      inside.entries.map((e) => [e.path, e.display]),
      [[`${lossyDir}/caf\ufffd.mp3`, `${album}/Bj\\xF6rk/caf\\xE9.mp3`]],
    );

    const found = await searchFilesOperation(w.scope, 'one', 'caf\\xe9', 100);
    assert.deepEqual(
      found.entries.map((e) => e.display),
      [`${album}/Bj\\xF6rk/caf\\xE9.mp3`],
    );
    const byFolder = await searchFilesOperation(w.scope, 'one', 'bj\\xf6rk', 100);
    assert.deepEqual(
      byFolder.entries.map((e) => e.path),
      [lossyDir, `${lossyDir}/caf\ufffd.mp3`],
    );

    const diff = await diffOperation(w.scope, one.snapshot!.id, 'two');
    assert.deepEqual(
      diff.added.map((r) => [r.path, r.display]),
      [[`${lossyDir}/new\ufffd.mp3`, `${album}/Bj\\xF6rk/new\\xFF.mp3`]],
    );

    // The index as the code before display forms left it (no display_names, format 0):
    // noticed on opening, and the snapshot read again with its display forms.
    const old = new Database(indexPath(w.dataDir));
    old.exec('DROP TABLE display_names');
    old.pragma('user_version = 0');
    old.close();
    const reread = await filesOperation(w.scope, one.snapshot!.id, lossyDir);
    assert.deepEqual(
      reread.entries.map((e) => e.display),
      [`${album}/Bj\\xF6rk/caf\\xE9.mp3`],
    );
  } finally {
    w.cleanup();
  }
});
