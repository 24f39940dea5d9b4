// `backbeat backup` checks its library and its name once, through the use case:
// a file that is not a library fails (exit 1) with the one sentence, before a backup
// folder or a lock file exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../main';
import { fakeIo } from './fake-io';

describe('backbeat backup checks', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-backup-checks-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 1 on a file that is not a library, and writes nothing', async () => {
    const notes = path.join(dir, 'notes.db');
    fs.writeFileSync(notes, 'these are not the droids\n'.repeat(10));
    for (const extra of [[], ['--backup-dir', path.join(dir, 'elsewhere')], ['--name', 'ok']]) {
      const io = fakeIo();
      const code = await main(['backup', '--library', notes, ...extra], io);
      assert.equal(code, 1, io.err);
      assert.equal(io.err, `backbeat: ${notes} is not a SQLite database.\n`);
      assert.equal(io.out, '');
      assert.deepEqual(fs.readdirSync(dir), ['notes.db'], 'no backup folder, lock or temp file');
    }
  });
});
