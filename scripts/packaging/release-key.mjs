// Receiving restic's release key at packaging time, by its pinned fingerprint, instead of
// keeping a copy in this repository. The key servers of restic-release.json are asked in
// turn, each into a keyring made for it; a key is accepted only when the keyring then
// holds exactly one key and its fingerprint is the pinned one (verifyDetachedSignature
// checks that again before it trusts a signature). A release machine without access to
// them can name a key file instead (BACKBEAT_RESTIC_RELEASE_KEY, see fetch-restic.mjs),
// which goes through the same fingerprint check.
import fs from 'node:fs';
import path from 'node:path';
import { normaliseFingerprint, primaryFingerprints, runGpg, withTempKeyring } from './release-signature.mjs';

/**
 * Receives the key with `fingerprint` from the first of `keyservers` that has it and
 * writes it, ASCII-armoured, to `outFile` (atomically). Throws, saying what each server
 * answered, when none gives exactly that key.
 */
export function receiveReleaseKey({ fingerprint, keyservers, outFile, gpg = 'gpg' }) {
  const pinned = normaliseFingerprint(fingerprint);
  const failures = [];
  for (const server of keyservers) {
    const armoured = withTempKeyring((home) => {
      const got = runGpg(gpg, home, ['--keyserver', server, '--recv-keys', pinned]);
      const listed = primaryFingerprints(runGpg(gpg, home, ['--with-colons', '--fingerprint']).stdout);
      if (got.status !== 0 || listed.length !== 1 || listed[0] !== pinned) {
        const said = got.stderr.trim().split('\n').at(-1) || `status ${got.status}`;
        failures.push(`${server}: ${listed.length ? `gave ${listed.join(', ')}` : said}`);
        return null;
      }
      return runGpg(gpg, home, ['--armor', '--export', pinned]).stdout;
    });
    if (armoured) {
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      fs.writeFileSync(`${outFile}.part`, armoured);
      fs.renameSync(`${outFile}.part`, outFile);
      return outFile;
    }
  }
  throw new Error(
    `restic's release key ${pinned} could not be received (${failures.join('; ')}); set BACKBEAT_RESTIC_RELEASE_KEY to a file holding it.`,
  );
}
