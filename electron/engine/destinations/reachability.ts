// Is a network destination there at all? restic retries an unreachable back end for
// many minutes before it gives up; a laptop away from home should hear "unreachable"
// in seconds, and nothing is attempted. Only a TCP connection is tried (no request, no
// credentials); rclone and an SFTP run through sftp.command cannot be tried this way,
// folders are checked on disk.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { ParsedLocation } from './location';

const CONNECT_TIMEOUT_MS = 8_000;

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (why: string | null): void => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    socket.once('connect', () => done(null));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(
        e.code === 'ECONNREFUSED'
          ? 'connection refused'
          : e.code === 'ENOTFOUND'
            ? 'unknown host'
            : (e.code ?? 'network error'),
      ),
    );
  });
}

/** Host and port of a network back end, when one can be tried with a TCP connection. */
export function endpointOf(
  loc: ParsedLocation,
  options: readonly string[] = [],
): { host: string; port: number } | null {
  if (loc.kind === 'rest' || loc.kind === 's3') {
    const url = new URL(loc.location.slice(loc.location.indexOf(':') + 1));
    return { host: url.hostname, port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80 };
  }
  // An sftp.command runs its own transport (ssh with a config, or a local server): no port to try.
  if (loc.kind === 'sftp' && !options.some((o) => o.startsWith('sftp.command='))) {
    const m = /^sftp:(?:\/\/)?(?:[^@\s/:]+@)?([^\s:/@]+)(?::(\d+)(?=\/))?/.exec(loc.location);
    if (m) return { host: m[1]!, port: m[2] ? Number(m[2]) : 22 };
  }
  return null;
}

/**
 * Why a destination cannot be reached right now, or null when it can (or cannot be
 * told without credentials). A folder is checked on disk, a network back end by a
 * TCP connection only.
 */
export async function unreachableReason(
  loc: ParsedLocation,
  options: readonly string[] = [],
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<string | null> {
  if (loc.kind === 'folder') {
    const parent = path.dirname(loc.location);
    return fs.existsSync(parent) ? null : `${parent} does not exist (is the disk connected?)`;
  }
  const end = endpointOf(loc, options);
  if (!end) return null;
  const why = await tcpReachable(end.host, end.port, timeoutMs);
  return why === null ? null : `${end.host}:${end.port} (${why})`;
}

/** Throws a sentence naming the destination when it cannot be reached; nothing else is done. */
export async function assertReachable(
  name: string,
  loc: ParsedLocation,
  options: readonly string[] = [],
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<void> {
  const why = await unreachableReason(loc, options, timeoutMs);
  if (why === null) return;
  if (loc.kind === 'folder') {
    throw new ContractError(
      'not-found',
      `Destination "${name}" cannot be reached: ${why}. Nothing was copied; copy again when it is back.`,
    );
  }
  throw new ContractError(
    'io',
    `Destination "${name}" cannot be reached at ${why}. Nothing was copied and nothing local changed; copy again when it is reachable.`,
  );
}
