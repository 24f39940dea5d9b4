// SFTP through a real sshd on 127.0.0.1 (sshd-fixture.ts): restic speaks ssh to it with
// a test key, the server runs OpenSSH's SFTP server (internal-sftp). The round trip (copy only what
// is lacking, recover equal to the original), a sampled check over SFTP, the user's
// key refused and the server stopped: a sentence at once each, nothing recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { checkDestinationOperation } from '../check';
import { listDestinations } from '../operations';
import { roundTrip } from './roundtrip';
import { startSshdOrSkip } from './sshd-fixture';

test('SFTP destination through a real sshd: round trip with recover, check, server stopped', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('dest-sshd', 6);
  const keys = path.join(w.dir, 'ssh');
  fs.mkdirSync(keys, { mode: 0o700 });
  const sshd = await startSshdOrSkip(t, keys);
  if (!sshd) {
    w.cleanup();
    return;
  }
  try {
    const location = `sftp://${sshd.user}@127.0.0.1:${sshd.port}/${path.join(w.dir, 'remote', 'copy')}`;
    await roundTrip(restic, w, { location, options: sshd.options });
    assert.ok(fs.existsSync(path.join(w.dir, 'remote', 'copy', 'config')), 'the copy is where sshd put it');

    const scope = { ...w.scope, now: () => new Date('2026-03-02T00:00:00Z') };
    const checked = await checkDestinationOperation(scope, {
      name: 'offsite',
      readDataPercent: 25,
      ctx: quiet(),
    });
    assert.equal(checked.outcome, 'ok', checked.message);
    assert.equal(listDestinations(scope)[0]!.lastCheck?.checkedAt, '2026-03-02T00:00:00.000Z');

    // The user's key no longer accepted: said as such a failure, not recorded as a check that found errors.
    const authorized = path.join(keys, 'authorized_keys');
    const accepted = fs.readFileSync(authorized);
    fs.writeFileSync(authorized, '');
    await rejectsWith(
      checkDestinationOperation(scope, { name: 'offsite', ctx: quiet() }),
      'io',
      /^Could not use destination "offsite" \(sftp:.*\): unable to open repository .*unable to start the sftp session/,
    );
    assert.equal(
      listDestinations(scope)[0]!.lastCheck?.outcome,
      'ok',
      'a check that could not run records nothing',
    );
    fs.writeFileSync(authorized, accepted);

    await sshd.stop();
    await rejectsWith(
      checkDestinationOperation(scope, { name: 'offsite', ctx: quiet() }),
      'io',
      new RegExp(
        `^Destination "offsite" cannot be reached at 127\\.0\\.0\\.1:${sshd.port} \\(connection refused\\)`,
      ),
    );
    assert.equal(
      listDestinations(scope)[0]!.lastCheck?.outcome,
      'ok',
      'an unreachable check records nothing',
    );
  } finally {
    await sshd.stop();
    w.cleanup();
  }
});
