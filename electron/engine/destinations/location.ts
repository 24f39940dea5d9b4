// A destination's name and location, checked before anything is stored or run.
// Locations are restic's: a folder (another disk), sftp:user@host:/path,
// s3:https://host/bucket/path, rest:http(s)://host/path or rclone:remote:path.
// Credentials never go into a location (they would land in argv, settings and
// messages): a location that carries them is refused with where to put them instead.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { DestinationKind } from '../../../shared/destination-types';

export interface ParsedLocation {
  kind: DestinationKind;
  /** What restic is given (-r): a folder made absolute, else the location as typed. */
  location: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export function checkDestinationName(name: string): string {
  if (!NAME.test(name)) {
    throw new ContractError(
      'bad-arguments',
      `"${name}" cannot name a destination: use 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.`,
    );
  }
  return name;
}

const KINDS_HINT =
  'Use a folder, sftp:user@host:/path, s3:https://host/bucket/path, rest:http(s)://host/path or rclone:remote:path.';

function badLocation(raw: string, why: string): ContractError {
  return new ContractError('bad-arguments', `"${raw}" is not a destination: ${why} ${KINDS_HINT}`);
}

function httpUrl(raw: string, rest: string, what: string, credentialsHint: string): URL {
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    throw badLocation(raw, `${what} needs an http:// or https:// address after "${raw.split(':')[0]}:".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badLocation(raw, `${what} needs an http:// or https:// address.`);
  }
  if (url.username || url.password) {
    // Do not echo the location: it holds the secret.
    throw new ContractError(
      'bad-arguments',
      `A destination's address must not hold a user name or password (they would be stored and shown). ${credentialsHint}`,
    );
  }
  return url;
}

/** Checks and normalises a location; `cwd` resolves a relative folder. */
export function parseLocation(raw: string, cwd = process.cwd()): ParsedLocation {
  const text = raw.trim();
  if (!text) throw badLocation(raw, 'it is empty.');
  const scheme = /^([a-z0-9]+):/i.exec(text);
  // "C:\..." is a Windows folder, not a scheme.
  if (!scheme || /^[a-z]:[\\/]/i.test(text)) return { kind: 'folder', location: path.resolve(cwd, text) };
  const rest = text.slice(scheme[0].length);
  switch (scheme[1]!.toLowerCase()) {
    case 'sftp': {
      // sftp:user@host:/path or sftp://user@host[:port]//path
      const m = /^(?:\/\/)?(?:([^@\s/:]+)(:[^@\s]*)?@)?([^\s:/@]+)(?::(\d+))?[:/](.+)$/.exec(rest);
      if (!m) throw badLocation(raw, 'an SFTP location is sftp:user@host:/path.');
      if (m[2]) {
        throw new ContractError(
          'bad-arguments',
          'An SFTP location must not hold a password. Use an SSH key (in ~/.ssh/config or your SSH agent).',
        );
      }
      return { kind: 'sftp', location: `sftp:${rest}` };
    }
    case 's3': {
      const url = httpUrl(
        raw,
        rest,
        'an S3 location',
        'Give the keys in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or in a private credentials file (--credentials-file).',
      );
      if (url.pathname.split('/').filter(Boolean).length === 0) {
        throw badLocation(raw, 'an S3 location names its bucket: s3:https://host/bucket/path.');
      }
      return { kind: 's3', location: `s3:${rest}` };
    }
    case 'rest':
      httpUrl(
        raw,
        rest,
        'a REST location',
        'Put RESTIC_REST_USERNAME and RESTIC_REST_PASSWORD in a private credentials file (--credentials-file).',
      );
      return { kind: 'rest', location: `rest:${rest}` };
    case 'rclone':
      if (!/^[^\s:]+:.*$/.test(rest)) throw badLocation(raw, 'an rclone location is rclone:remote:path.');
      return { kind: 'rclone', location: `rclone:${rest}` };
    default:
      throw badLocation(raw, `"${scheme[1]}:" is not a kind of location Backbeat knows.`);
  }
}

export function locationKind(location: string): DestinationKind {
  return parseLocation(location).kind;
}

/**
 * A folder destination must not be the repository itself or inside it, and must be
 * empty, absent (restic creates it) or already a restic repository.
 */
export function checkFolderDestination(folder: string, localRepo: string): void {
  const repo = path.resolve(localRepo);
  const rel = path.relative(repo, folder);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new ContractError(
      'bad-arguments',
      `${folder} is the repository itself or inside it; a copy must live somewhere else (another disk).`,
    );
  }
  const relBack = path.relative(folder, repo);
  if (!relBack.startsWith('..') && !path.isAbsolute(relBack)) {
    throw new ContractError('bad-arguments', `${folder} holds the repository; choose another folder.`);
  }
  let entries: string[];
  try {
    entries = fs.readdirSync(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!fs.existsSync(path.dirname(folder))) {
        throw new ContractError(
          'not-found',
          `${path.dirname(folder)} does not exist. Is the disk connected?`,
        );
      }
      return;
    }
    if (code === 'ENOTDIR') throw new ContractError('bad-arguments', `${folder} is a file, not a folder.`);
    throw new ContractError('io', `Could not read ${folder}.`);
  }
  if (entries.length > 0 && !entries.includes('config')) {
    throw new ContractError(
      'bad-arguments',
      `${folder} is not empty and is not a restic repository; choose an empty or new folder.`,
    );
  }
}
