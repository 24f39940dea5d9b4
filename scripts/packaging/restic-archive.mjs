// Checking and unpacking a restic release asset for the installers: the archive's
// SHA-256 must equal the one pinned in build/restic-release.json, and that pin must be
// the one the release's own SHA256SUMS lists for the file (so the pin in this
// repository and restic's published list have to agree), before anything is
// unpacked; the binary is then written
// atomically (temp file, fsync, rename) as build/restic/<os>-<arch>/restic[.exe],
// where electron-builder's extraResources picks it up.
//
// Formats restic publishes: a bzip2-compressed binary (Linux, macOS), decompressed
// with the system's bzip2 (Node has no bzip2), and a zip holding one .exe (Windows),
// read here with zlib.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Reads and checks the pinned release description. */
export function loadRelease(file) {
  const release = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof release.version !== 'string' || typeof release.baseUrl !== 'string' || !release.assets) {
    throw new Error(`${file} is not a restic release description (version, baseUrl, assets).`);
  }
  const key = release.signingKey;
  if (
    !/^[0-9A-F]{40}$/.test(key?.fingerprint ?? '') ||
    !Array.isArray(key?.keyservers) ||
    key.keyservers.length === 0
  ) {
    throw new Error(
      `${file} needs signingKey: the 40-digit fingerprint of restic's release key and the key servers to receive it from.`,
    );
  }
  for (const [key, asset] of Object.entries(release.assets)) {
    if (
      !/^[a-z]+-[a-z0-9]+$/.test(key) ||
      typeof asset.file !== 'string' ||
      !/^[0-9a-f]{64}$/.test(asset.sha256)
    ) {
      throw new Error(`${file}: the entry "${key}" needs a file name and a 64-digit SHA-256.`);
    }
  }
  return release;
}

/** electron-builder's names for the host: ${os} is linux, mac or win; ${arch} is Node's arch. */
export function hostTarget(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'mac', win32: 'win' }[platform];
  if (!os) throw new Error(`Backbeat is not packaged for ${platform}.`);
  return `${os}-${arch}`;
}

/** The pinned asset for a target, or an error that names the targets that have one. */
export function assetFor(release, target) {
  const asset = release.assets[target];
  if (!asset) {
    throw new Error(
      `No restic ${release.version} asset is pinned for ${target}; pinned: ${Object.keys(release.assets).join(', ')}.`,
    );
  }
  return asset;
}

export function sha256OfFile(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Throws unless the file's SHA-256 is the pinned one. */
export function verifySha256(file, expected) {
  const actual = sha256OfFile(file);
  if (actual !== expected) {
    throw new Error(
      `${path.basename(file)} does not match its pinned SHA-256 (expected ${expected}, got ${actual}); it was not unpacked.`,
    );
  }
}

/**
 * Throws unless restic's SHA256SUMS text (sha256sum's format: "<hex>  <name>", a "*"
 * before binary names) lists `file` with exactly the pinned SHA-256.
 */
export function checkListedInSums(sumsText, file, pinned) {
  const listed = sumsText
    .split(/\r?\n/)
    .map((line) => /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim()))
    .filter((m) => m !== null && m[2] === file)
    .map((m) => m[1]);
  if (listed.length === 0) throw new Error(`The release's SHA256SUMS does not list ${file}.`);
  if (listed.some((sha) => sha !== pinned)) {
    throw new Error(
      `The release's SHA256SUMS lists ${file} as ${listed.join(', ')}, not the pinned ${pinned}; nothing was unpacked.`,
    );
  }
}

function bunzip2(file) {
  const res = spawnSync('bzip2', ['-dc', file], { maxBuffer: 512 * 1024 * 1024 });
  if (res.error) throw new Error(`bzip2 is needed to unpack ${path.basename(file)}: ${res.error.message}`);
  if (res.status !== 0) {
    throw new Error(`bzip2 could not unpack ${path.basename(file)}: ${String(res.stderr).trim()}`);
  }
  return res.stdout;
}

/** The one .exe in a zip archive (restic's Windows asset), read through its central directory. */
export function unzipSingleExe(file) {
  const zip = fs.readFileSync(file);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path.basename(file)} is not a zip archive.`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const exes = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50)
      throw new Error(`${path.basename(file)} has a damaged directory.`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    if (name.toLowerCase().endsWith('.exe')) exes.push({ name, method, compressed, size, local });
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (exes.length !== 1) {
    throw new Error(`${path.basename(file)} should hold exactly one .exe, it holds ${exes.length}.`);
  }
  const e = exes[0];
  if (zip.readUInt32LE(e.local) !== 0x04034b50) throw new Error(`${path.basename(file)} is damaged.`);
  const start = e.local + 30 + zip.readUInt16LE(e.local + 26) + zip.readUInt16LE(e.local + 28);
  const raw = zip.subarray(start, start + e.compressed);
  let data;
  if (e.method === 0) data = Buffer.from(raw);
  else if (e.method === 8) data = zlib.inflateRawSync(raw);
  else
    throw new Error(
      `${e.name} in ${path.basename(file)} uses zip method ${e.method}, which is not supported.`,
    );
  if (data.length !== e.size) throw new Error(`${e.name} in ${path.basename(file)} is truncated.`);
  return data;
}

/** Writes the binary atomically, executable, as <dir>/<name>. */
export function installBinary(bytes, dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const final = path.join(dir, name);
  const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
  const fd = fs.openSync(temp, 'w', 0o755);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(temp, 0o755);
  fs.renameSync(temp, final);
  return final;
}

/**
 * Verifies a downloaded asset and unpacks it into <outRoot>/<target>/. Nothing is
 * written unless the checksum matches. Returns the binary's path.
 */
export function unpackVerified({ release, target, archive, outRoot }) {
  const asset = assetFor(release, target);
  verifySha256(archive, asset.sha256);
  const isZip = asset.file.endsWith('.zip');
  const bytes = isZip ? unzipSingleExe(archive) : bunzip2(archive);
  const dir = path.join(outRoot, target);
  const binary = installBinary(bytes, dir, target.startsWith('win-') ? 'restic.exe' : 'restic');
  fs.writeFileSync(path.join(dir, 'VERSION'), `${release.version} ${asset.sha256}\n`);
  return binary;
}
