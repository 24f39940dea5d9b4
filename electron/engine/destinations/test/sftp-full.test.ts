// An SFTP destination (a real sshd on 127.0.0.1) whose disk is full (full-disk.ts):
// sftp-server answers the failed write with an error, restic stops at once, and the
// copy says the destination is full, naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fullDiskScenario } from './full-disk';
import { startSshdOrSkip } from './sshd-fixture';

test('a full SFTP destination: "is full", nothing lost locally; after freeing space the copy completes', async (t) => {
  let location = '';
  await fullDiskScenario(t, {
    prefix: 'dest-sftp-full',
    what: 'full SFTP destination',
    server: async (w, disk) => {
      const keys = path.join(w.dir, 'ssh');
      fs.mkdirSync(keys, { mode: 0o700 });
      const sshd = await startSshdOrSkip(t, keys);
      if (!sshd) return null;
      location = `sftp://${sshd.user}@127.0.0.1:${sshd.port}/${path.join(disk, 'copy')}`;
      return { location, options: sshd.options, stop: () => sshd.stop() };
    },
    whenFull: (full) =>
      assert.equal(
        full.error,
        `The destination "offsite" (${location}) is full: restic could not store more there. Nothing local was changed. Free some space there (or remove old snapshots with "backbeat dest prune offsite"), then copy again: it picks up where this one stopped.`,
      ),
  });
});
