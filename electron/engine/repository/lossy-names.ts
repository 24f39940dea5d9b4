// File names that are not UTF-8 (a Latin-1 tag editor, an old Samba share: byte 0xff in
// a name). restic stores such a name exactly, but its JSON listing (`ls --json`, which
// Backbeat's index is built from) turns every byte that is not UTF-8 into U+FFFD, and a
// JavaScript string path cannot hold the byte at all. So a path from the index that
// holds U+FFFD is matched against the disk through Buffer names, decoded the way Go's
// JSON encoder does it (each invalid byte one U+FFFD); only a unique match is used.
import fs from 'node:fs';

const REPLACEMENT = '\ufffd';
const strict = new TextDecoder('utf-8', { fatal: true });

/** True when the path came through restic's JSON with bytes that were not UTF-8. */
export function isLossy(p: string): boolean {
  return p.includes(REPLACEMENT);
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** A name's bytes as Go's encoding/json writes them: valid UTF-8 kept, each other byte U+FFFD. */
export function goLossyName(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]!);
    if (n > 0 && i + n <= bytes.length) {
      try {
        out += strict.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // Not a valid sequence: falls through to one replacement for this byte.
      }
    }
    out += REPLACEMENT;
    i += 1;
  }
  return out;
}

/**
 * The path on disk whose lossy form is `p` (absolute): `p` itself when it has no U+FFFD,
 * else its exact bytes; null when nothing (or more than one name) matches.
 */
export function findOnDisk(p: string): string | Buffer | null {
  if (!isLossy(p)) return p;
  let current = Buffer.from('/');
  for (const part of p.split('/').filter(Boolean)) {
    const base = current.length === 1 ? current : Buffer.concat([current, Buffer.from('/')]);
    if (!isLossy(part)) {
      current = Buffer.concat([base, Buffer.from(part)]);
      continue;
    }
    let names: Buffer[];
    try {
      names = fs.readdirSync(current, { encoding: 'buffer' });
    } catch {
      return null;
    }
    const matches = names.filter((n) => goLossyName(n) === part);
    if (matches.length !== 1) return null;
    current = Buffer.concat([base, matches[0]!]);
  }
  return current;
}
