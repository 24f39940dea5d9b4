// An `rclone:` destination, restic starting a real rclone itself (Debian's rclone):
// the round trip (add, copy, list, recover, check; roundtrip.ts) through an rclone
// remote that exists only in a private rclone config named by the credentials file, a
// crypt remote whose password is that config's secret. The copy lands encrypted in the
// crypt remote's folder, which only that config could do, so the location and the
// config reached rclone. restic and rclone run through wrappers that log their command
// lines: the secret is in no command line, nor in the settings or `dest list --json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorld, resticOrSkip } from '../../repository/test/repo-fixtures';
import { listDestinations } from '../operations';
import { binaryOrSkip, RCLONE } from './dest-fixtures';
import { roundTrip } from './roundtrip';

/** A program that appends its command line to `log`, then runs `real` with it. */
function loggingWrapper(file: string, real: string, log: string): string {
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$0 $*" >> '${log}'\nexec '${real}' "$@"\n`, {
    mode: 0o755,
  });
  return file;
}

test('rclone destination (restic starts rclone): round trip with recover, no secret anywhere', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic || !binaryOrSkip(t, RCLONE, 'rclone', 'rclone')) return;
  const w = makeWorld('dest-rclone', 6);
  try {
    const secret = 'crypt-passphrase-not-for-anyone-9f3a';
    const obscured = execFileSync(RCLONE, ['obscure', secret], { encoding: 'utf8' }).trim();
    const store = path.join(w.dir, 'crypt-store');
    fs.mkdirSync(store);
    const rcloneConfig = path.join(w.dir, 'rclone.conf');
    fs.writeFileSync(rcloneConfig, `[vault]\ntype = crypt\nremote = ${store}\npassword = ${obscured}\n`, {
      mode: 0o600,
    });
    const creds = path.join(w.dir, 'rclone-credentials');
    fs.writeFileSync(creds, `RCLONE_CONFIG=${rcloneConfig}\n`, { mode: 0o600 });
    const log = path.join(w.dir, 'command-lines.log');
    const resticWrapper = loggingWrapper(path.join(w.dir, 'restic-logged'), restic.path, log);
    const rcloneWrapper = loggingWrapper(path.join(w.dir, 'rclone-logged'), RCLONE, log);
    const logged = { ...w, scope: { ...w.scope, env: { ...process.env, BACKBEAT_RESTIC: resticWrapper } } };

    await roundTrip(restic, logged, {
      location: 'rclone:vault:copy',
      options: [`rclone.program=${rcloneWrapper}`],
      credentialsFile: creds,
    });

    // rclone was started by restic with the remote and path as given, and the
    // repository is inside the crypt remote's folder with its names encrypted.
    const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const rcloneRuns = lines.filter((l) => l.startsWith(rcloneWrapper));
    assert.ok(rcloneRuns.length > 0, 'restic started rclone');
    for (const l of rcloneRuns) assert.match(l, / serve restic --stdio .*vault:copy$/);
    const stored = fs.readdirSync(store, { recursive: true }).map(String);
    assert.ok(stored.length > 10, `the copy is in the crypt store: ${stored.length} entries`);
    assert.ok(!stored.some((e) => /(^|\/)(snapshots|data|index|config)$/.test(e)), 'names are encrypted');

    // The secret, plain or obscured, is in no command line, not in the settings and not
    // in what `dest list --json` prints (listDestinations, as the CLI prints it).
    const settings = fs.readFileSync(path.join(w.dataDir, 'repository.json'), 'utf8');
    const list = JSON.stringify(listDestinations(w.scope));
    for (const [where, text] of [
      ['command lines', lines.join('\n')],
      ['settings', settings],
      ['dest list --json', list],
    ] as const) {
      assert.ok(!text.includes(secret), `${where} hold the secret`);
      assert.ok(!text.includes(obscured), `${where} hold the obscured secret`);
    }
    assert.ok(settings.includes(creds), 'the settings keep the credentials file by its path');
    assert.ok(!list.includes('RCLONE_CONFIG'));
    assert.match(list, /"kind":"rclone"/);
  } finally {
    w.cleanup();
  }
});
