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

/** Walks a name's bytes the way Go does: each valid UTF-8 sequence, or one byte that is not. */
function decodeGoWay(
  bytes: Uint8Array,
  valid: (text: string) => string,
  invalid: (byte: number) => string,
): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]!);
    if (n > 0 && i + n <= bytes.length) {
      try {
        out += valid(strict.decode(bytes.subarray(i, i + n)));
        i += n;
        continue;
      } catch {
        // Not a valid sequence: falls through to this one byte.
      }
    }
    out += invalid(bytes[i]!);
    i += 1;
  }
  return out;
}

/** A name's bytes as Go's encoding/json writes them: valid UTF-8 kept, each other byte U+FFFD. */
export function goLossyName(bytes: Uint8Array): string {
  return decodeGoWay(
    bytes,
    (text) => text,
    () => REPLACEMENT,
  );
}

/**
 * A name's bytes shown without loss: valid UTF-8 kept, each other byte as \xFF, and a
 * backslash doubled so that a name holding the text "\xFF" is not taken for the byte.
 */
export function escapedName(bytes: Uint8Array): string {
  return decodeGoWay(
    bytes,
    (text) => (text === '\\' ? '\\\\' : text),
    (byte) => `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * An exact path's display form: each name that is not UTF-8 shown with escapedName, the
 * others as they are (the form the snapshot index gives such paths, raw-names.ts).
 */
export function displayPathOf(bytes: Uint8Array): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x2f) continue;
    const name = bytes.subarray(start, i);
    let shown: string;
    try {
      shown = strict.decode(name);
    } catch {
      shown = escapedName(name);
    }
    parts.push(shown);
    start = i + 1;
  }
  return parts.join('/');
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
