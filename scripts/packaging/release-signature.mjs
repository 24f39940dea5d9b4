// Checking restic's signature on a release's SHA256SUMS (SHA256SUMS.asc) before its
// list of checksums is trusted. restic's maintainer signs it with the release key whose
// fingerprint is pinned in build/restic-release.json (as restic's installation guide
// prints it); the key itself is received at packaging time (release-key.mjs) and is
// accepted only when it is that key. GnuPG does the cryptography, in a keyring made for
// each check that holds only that key, so nothing from the user's own keyrings takes part.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs gpg on the keyring in `home`; a missing gpg is said in a sentence. */
export function runGpg(gpg, home, args) {
  const res = spawnSync(gpg, ['--batch', '--no-tty', '--homedir', home, ...args], {
    encoding: 'utf8',
  });
  if (res.error) {
    throw new Error(
      `Packaging needs GnuPG (\`gpg\` on PATH) to check the signature of restic's SHA256SUMS: ${res.error.message}`,
    );
  }
  return res;
}

/** The fingerprints of the primary keys in a colon listing (gpg --with-colons). */
export function primaryFingerprints(colons) {
  const out = [];
  let primary = false;
  for (const line of colons.split('\n')) {
    const f = line.split(':');
    if (f[0] === 'pub') primary = true;
    else if (f[0] === 'sub') primary = false;
    else if (f[0] === 'fpr' && primary) {
      out.push(f[9]);
      primary = false;
    }
  }
  return out;
}

/** The fingerprint as 40 upper-case hex digits (restic's guide prints it spaced), or throws. */
export function normaliseFingerprint(fingerprint) {
  const pinned = fingerprint.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-F]{40}$/.test(pinned)) throw new Error(`"${fingerprint}" is not a key fingerprint.`);
  return pinned;
}

/** Runs `fn(home)` with a GnuPG home made for it, removed afterwards (its agent stopped). */
export function withTempKeyring(fn) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-gpg-'));
  try {
    fs.chmodSync(home, 0o700);
    return fn(home);
  } finally {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Throws unless `signatureFile` is a good detached signature of `dataFile` made by the
 * key with `fingerprint` (40 hex digits) that `keyFile` holds. The key file must hold
 * that key and no other.
 */
export function verifyDetachedSignature({ keyFile, fingerprint, dataFile, signatureFile, gpg = 'gpg' }) {
  const pinned = normaliseFingerprint(fingerprint);
  withTempKeyring((home) => {
    const imported = runGpg(gpg, home, ['--import', keyFile]);
    if (imported.status !== 0) {
      throw new Error(
        `${path.basename(keyFile)} could not be read as a public key: ${imported.stderr.trim()}`,
      );
    }
    const listed = primaryFingerprints(runGpg(gpg, home, ['--with-colons', '--fingerprint']).stdout);
    if (listed.length !== 1 || listed[0] !== pinned) {
      throw new Error(
        `${path.basename(keyFile)} holds ${listed.join(', ') || 'no key'}, not only the pinned key ${pinned}; nothing was trusted.`,
      );
    }
    const res = runGpg(gpg, home, ['--status-fd', '1', '--verify', signatureFile, dataFile]);
    // VALIDSIG's last field is the fingerprint of the primary key (the signing key may be a subkey).
    const valid = res.stdout
      .split('\n')
      .filter((l) => l.startsWith('[GNUPG:] VALIDSIG '))
      .map((l) => l.trim().split(' ').at(-1));
    const good = res.stdout.split('\n').some((l) => l.startsWith('[GNUPG:] GOODSIG '));
    if (res.status !== 0 || !good || valid.length !== 1 || valid[0] !== pinned) {
      throw new Error(
        `${path.basename(signatureFile)} is not a good signature of ${path.basename(dataFile)} by restic's release key ${pinned}; the checksums were not trusted.`,
      );
    }
  });
}
