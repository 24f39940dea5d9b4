// Is a network destination there at all? restic retries an unreachable back end for
// many minutes before it gives up; a laptop away from home should hear "unreachable"
// in seconds, and nothing is attempted. Only a TCP connection is tried (no request, no
// credentials); SFTP and rclone fail fast on their own, folders are checked on disk.
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
      done(e.code === 'ECONNREFUSED' ? 'connection refused' : e.code === 'ENOTFOUND' ? 'unknown host' : (e.code ?? 'network error')),
    );
  });
}

/** Throws a sentence naming the destination when it cannot be reached; nothing else is done. */
export async function assertReachable(
  name: string,
  loc: ParsedLocation,
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<void> {
  if (loc.kind === 'folder') {
    if (!fs.existsSync(path.dirname(loc.location))) {
      throw new ContractError(
        'not-found',
        `Destination "${name}" cannot be reached: ${path.dirname(loc.location)} does not exist (is the disk connected?). Nothing was copied; copy again when it is back.`,
      );
    }
    return;
  }
  if (loc.kind !== 'rest' && loc.kind !== 's3') return;
  const url = new URL(loc.location.slice(loc.location.indexOf(':') + 1));
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const why = await tcpReachable(url.hostname, port, timeoutMs);
  if (why !== null) {
    throw new ContractError(
      'io',
      `Destination "${name}" cannot be reached at ${url.host} (${why}). Nothing was copied and nothing local changed; copy again when it is reachable.`,
    );
  }
}
