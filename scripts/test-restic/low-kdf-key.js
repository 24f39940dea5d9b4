// Test-only: re-wraps a freshly initialised local restic repository's key with cheap
// scrypt parameters (N = 1024), the way restic's own tests lower their KDF cost. Called
// by ./restic after a successful `init`, with init's arguments; writes nothing to stdout.
//
// restic's key file (doc/design.rst, "Keys, Encryption and MAC"): the user key is
// scrypt(password, salt, N, r, p) -> 64 bytes: 32 for AES-256-CTR, then 16 (k) and
// 16 (r) for Poly1305-AES. `data` is nonce(16) | AES-256-CTR(master key JSON) |
// Poly1305-AES MAC of the ciphertext. The file is named by the SHA-256 of its bytes.
// A remote repository, or one whose password this cannot find, is left as it is.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CHEAP = { N: 1024, r: 8, p: 1 };

function littleEndian(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function toLittleEndian(n, length) {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** Poly1305-AES (Bernstein): s = AES-128_k(nonce); r clamped; tag over the message. */
function poly1305Aes(k, r16, nonce, message) {
  const aes = crypto.createCipheriv('aes-128-ecb', k, null);
  aes.setAutoPadding(false);
  const s = littleEndian(Buffer.concat([aes.update(nonce), aes.final()]));
  const r = littleEndian(r16) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const p = (1n << 130n) - 5n;
  let acc = 0n;
  for (let i = 0; i < message.length; i += 16) {
    const block = message.subarray(i, i + 16);
    acc = ((acc + littleEndian(block) + (1n << BigInt(8 * block.length))) * r) % p;
  }
  return toLittleEndian((acc + s) & ((1n << 128n) - 1n), 16);
}

function userKey(password, salt, { N, r, p }) {
  const bytes = crypto.scryptSync(password, salt, 64, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return { encrypt: bytes.subarray(0, 32), k: bytes.subarray(32, 48), r: bytes.subarray(48, 64) };
}

function option(args, names) {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name && i + 1 < args.length) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}

function password(args) {
  const file = option(args, ['--password-file', '-p']) ?? process.env.RESTIC_PASSWORD_FILE;
  if (file) return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  return process.env.RESTIC_PASSWORD;
}

function rewrap(repo, secret) {
  const keys = path.join(repo, 'keys');
  const names = fs.readdirSync(keys);
  if (names.length !== 1) return;
  const file = path.join(keys, names[0]);
  const key = JSON.parse(fs.readFileSync(file, 'utf8'));
  const data = Buffer.from(key.data, 'base64');
  const nonce = data.subarray(0, 16);
  const sealed = data.subarray(16, data.length - 16);
  const old = userKey(secret, Buffer.from(key.salt, 'base64'), key);
  if (!poly1305Aes(old.k, old.r, nonce, sealed).equals(data.subarray(data.length - 16))) return;
  const decipher = crypto.createDecipheriv('aes-256-ctr', old.encrypt, nonce);
  const masterKey = Buffer.concat([decipher.update(sealed), decipher.final()]);

  const salt = crypto.randomBytes(64);
  const fresh = userKey(secret, salt, CHEAP);
  const freshNonce = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-ctr', fresh.encrypt, freshNonce);
  const freshSealed = Buffer.concat([cipher.update(masterKey), cipher.final()]);
  const mac = poly1305Aes(fresh.k, fresh.r, freshNonce, freshSealed);
  const text = JSON.stringify({
    ...key,
    ...CHEAP,
    salt: salt.toString('base64'),
    data: Buffer.concat([freshNonce, freshSealed, mac]).toString('base64'),
  });
  const id = crypto.createHash('sha256').update(text).digest('hex');
  fs.writeFileSync(path.join(keys, id), text, { mode: 0o400 });
  fs.unlinkSync(file);
}

const args = process.argv.slice(2);
const repo = option(args, ['--repo', '-r']) ?? process.env.RESTIC_REPOSITORY;
const secret = password(args);
if (repo && secret !== undefined && fs.existsSync(path.join(repo, 'keys'))) rewrap(repo, secret);
