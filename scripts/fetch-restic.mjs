#!/usr/bin/env node
// Puts the pinned restic release into build/restic/<os>-<arch>/ for `npm run dist`
// (electron-builder.yml's extraResources ships it as resources/restic/). Downloads
// from GitHub releases, refuses an archive whose SHA-256 is not the pinned one
// (build/restic-release.json) or that the release's own SHA256SUMS lists differently,
// and does nothing when the right version is there. SHA256SUMS itself is trusted only
// when its signature (SHA256SUMS.asc) is good and made by restic's release key, whose
// fingerprint is pinned in restic-release.json: the key is received from the key servers
// listed there (or read from the file BACKBEAT_RESTIC_RELEASE_KEY names) and accepted only
// with that fingerprint (checked with gpg, which packaging therefore needs).
//
//   node scripts/fetch-restic.mjs [TARGET...]     TARGET: linux-x64, mac-arm64, win-x64, ...
// Without a target: the host's (electron-builder's default). BACKBEAT_RESTIC_TARGETS
// (comma-separated) is the same for cross builds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assetFor,
  checkListedInSums,
  hostTarget,
  loadRelease,
  unpackVerified,
} from './packaging/restic-archive.mjs';
import { receiveReleaseKey } from './packaging/release-key.mjs';
import { verifyDetachedSignature } from './packaging/release-signature.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const release = loadRelease(path.join(root, 'build', 'restic-release.json'));
const outRoot = path.join(root, 'build', 'restic');
const cacheDir = path.join(outRoot, '.downloads');

async function download(url, file) {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`Downloading ${url} failed: HTTP ${res.status}.`);
  const temp = `${file}.part`;
  fs.writeFileSync(temp, Buffer.from(await res.arrayBuffer()));
  fs.renameSync(temp, file);
}

/** A file holding restic's release key: the one named by the environment, or received once. */
function releaseKeyFile() {
  if (process.env.BACKBEAT_RESTIC_RELEASE_KEY) return path.resolve(process.env.BACKBEAT_RESTIC_RELEASE_KEY);
  const file = path.join(cacheDir, `restic-release-key-${release.signingKey.fingerprint}.asc`);
  if (fs.existsSync(file)) return file;
  console.log(`Receiving restic's release key ${release.signingKey.fingerprint} ...`);
  return receiveReleaseKey({ ...release.signingKey, outFile: file });
}

async function prepare(target) {
  const asset = assetFor(release, target);
  const marker = path.join(outRoot, target, 'VERSION');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === `${release.version} ${asset.sha256}\n`) {
    console.log(`restic ${release.version} for ${target} is already in build/restic/${target}.`);
    return;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const archive = path.join(cacheDir, asset.file);
  if (!fs.existsSync(archive)) {
    console.log(`Downloading ${asset.file} ...`);
    await download(release.baseUrl + asset.file, archive);
  }
  const sums = path.join(cacheDir, `SHA256SUMS-${release.version}`);
  const signature = `${sums}.asc`;
  if (!fs.existsSync(sums)) await download(`${release.baseUrl}SHA256SUMS`, sums);
  if (!fs.existsSync(signature)) await download(`${release.baseUrl}SHA256SUMS.asc`, signature);
  let keyFile;
  try {
    keyFile = releaseKeyFile();
    verifyDetachedSignature({
      keyFile,
      fingerprint: release.signingKey.fingerprint,
      dataFile: sums,
      signatureFile: signature,
    });
  } catch (err) {
    // Neither is kept (nor a key received into the cache): the next run fetches them again.
    fs.rmSync(sums, { force: true });
    fs.rmSync(signature, { force: true });
    if (keyFile?.startsWith(cacheDir)) fs.rmSync(keyFile, { force: true });
    throw err;
  }
  checkListedInSums(fs.readFileSync(sums, 'utf8'), asset.file, asset.sha256);
  try {
    const binary = unpackVerified({ release, target, archive, outRoot });
    console.log(`restic ${release.version} for ${target}: ${path.relative(root, binary)} (SHA-256 checked).`);
  } catch (err) {
    // A bad download is not kept: the next run fetches it again.
    fs.rmSync(archive, { force: true });
    throw err;
  }
}

const fromEnv = (process.env.BACKBEAT_RESTIC_TARGETS ?? '').split(',').filter(Boolean);
const targets = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fromEnv.length
    ? fromEnv
    : [hostTarget()];
try {
  for (const target of targets) await prepare(target);
} catch (err) {
  console.error(`fetch-restic: ${err.message}`);
  process.exit(1);
}
