// Export of a snapshot, or one folder of it, as a single archive: restic dump
// --archive tar (gzipped here, in Node) or zip, chosen by the file's ending. Written
// to a hidden temp file beside the target, fsynced and renamed into place, so a kill
// at any line leaves either no archive or a whole one; then FILE.sha256 beside it in
// sha256sum's format. An existing file is never replaced.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ContractError } from '../../../shared/errors';
import type { ExportResult } from '../../../shared/repository-tools-types';
import { fsyncDir, fsyncFile, removeQuietly, writeFileAtomic } from '../fs/atomic-file';
import { withRepositoryLock } from '../library/lock';
import type { JobContext } from '../runtime/progress';
import { repoAccess, type RepoScope } from './operations';
import { libraryKey } from './repo-config';
import { exitErrorSchema, parseJsonLine } from './restic-messages';
import { childEnv, failure, resticReason, serialized, type RepoAccess } from './restic-runner';
import { ensureIndexed } from './snapshot-index';
import { entryAt, filesBelow } from './snapshot-index-query';
import { listLibrarySnapshots, resolveSnapshotRef } from './snapshots';

export type ArchiveFormat = 'tar.gz' | 'zip';

/** The format a file name asks for, or null when its ending is neither. */
export function archiveFormatOf(file: string): ArchiveFormat | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.zip')) return 'zip';
  return null;
}

/** Streams `restic dump --archive` into `sink`; rejects with restic's reason when it fails. */
function dumpInto(
  a: RepoAccess,
  args: readonly string[],
  transforms: Transform[],
  sink: fs.WriteStream,
  signal: AbortSignal,
): Promise<void> {
  return serialized(a.repo, async () => {
    const child = spawn(a.restic.path, ['--json', ...args], {
      env: childEnv(a, undefined),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number>((resolve, reject) => {
      child.on('error', (e) =>
        reject(
          new ContractError('not-applicable', `Could not start restic at ${a.restic.path}: ${e.message}`),
        ),
      );
      child.on('close', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
    });
    const onAbort = (): void => {
      child.kill('SIGINT');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const streams: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [child.stdout, ...transforms, sink];
      const run = pipeline as unknown as (
        s: typeof streams,
        options: { signal: AbortSignal },
      ) => Promise<void>;
      const piped = run(streams, { signal }).catch((err: unknown) => err);
      const code = await exited;
      const pipeErr = await piped;
      if (signal.aborted) throw new ContractError('cancelled', 'Cancelled; no archive was written.');
      if (code !== 0) {
        let exitMessage: string | null = null;
        const warnings: string[] = [];
        for (const line of stderr.split('\n')) {
          const e = exitErrorSchema.safeParse(parseJsonLine(line));
          if (e.success) exitMessage = e.data.message;
          else if (line.trim()) warnings.push(line);
        }
        throw failure(a, code, resticReason(exitMessage, warnings));
      }
      if (pipeErr) throw pipeErr;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  });
}

export interface ExportOptions {
  ref: string;
  /** A folder of the snapshot; default: all of it. */
  path?: string;
  out: string;
  ctx: JobContext;
}

/**
 * Under the repository lock (library/lock.ts): a forget --prune or a destination's
 * prune must not remove packs that restic dump is reading.
 */
export function exportOperation(scope: RepoScope, o: ExportOptions): Promise<ExportResult> {
  return withRepositoryLock(scope.libraryPath, 'an export', () => exportUnlocked(scope, o));
}

async function exportUnlocked(scope: RepoScope, o: ExportOptions): Promise<ExportResult> {
  const out = path.resolve(o.out);
  const format = archiveFormatOf(out);
  if (!format) throw new ContractError('bad-arguments', `${out} must end in .tar.gz, .tgz or .zip.`);
  if (fs.existsSync(out))
    throw new ContractError('bad-arguments', `${out} already exists; choose another name.`);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new ContractError('not-found', `The folder ${dir} does not exist.`);
  const { ctx } = o;
  const a = await repoAccess(scope);
  const snapshot = resolveSnapshotRef(
    await listLibrarySnapshots(a, libraryKey(scope.libraryPath), ctx.signal),
    o.ref,
  );
  await ensureIndexed(scope.dataDir, a, snapshot.id, ctx.signal);
  const inside = o.path === undefined ? '/' : path.resolve(o.path);
  if (inside !== '/') {
    const e = entryAt(scope.dataDir, snapshot.id, inside);
    if (!e) throw new ContractError('not-found', `${inside} is not in snapshot ${snapshot.shortId}.`);
    if (e.type !== 'dir') {
      throw new ContractError(
        'bad-arguments',
        `${inside} is a file, not a folder; export takes a folder (use restore-files --to DIR for one file).`,
      );
    }
  }
  const expected = filesBelow(scope.dataDir, snapshot.id, inside).reduce((n, f) => n + (f.size ?? 0), 0);

  const hash = crypto.createHash('sha256');
  let bytesIn = 0;
  let bytesOut = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytesIn += chunk.length;
      ctx.report({
        phase: 'export',
        label: `Writing ${path.basename(out)}`,
        fraction: expected > 0 ? Math.min(0.99, bytesIn / expected) : 0,
        bytesDone: bytesIn,
        bytesTotal: expected,
      });
      cb(null, chunk);
    },
  });
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytesOut += chunk.length;
      cb(null, chunk);
    },
  });
  const transforms = format === 'tar.gz' ? [counter, zlib.createGzip(), hasher] : [counter, hasher];
  const tmp = path.join(
    dir,
    `.${path.basename(out)}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`,
  );
  const sink = fs.createWriteStream(tmp, { flags: 'wx' });
  try {
    await dumpInto(
      a,
      ['dump', '--archive', format === 'zip' ? 'zip' : 'tar', snapshot.id, inside],
      transforms,
      sink,
      ctx.signal,
    );
    await fsyncFile(tmp);
    // link + unlink instead of rename: an archive written meanwhile under the same name is never replaced.
    await fs.promises.link(tmp, out).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST')
        throw new ContractError('bad-arguments', `${out} already exists; choose another name.`);
      throw err;
    });
  } finally {
    await removeQuietly(tmp);
  }
  await fsyncDir(dir);
  const sha256 = hash.digest('hex');
  const sha256File = `${out}.sha256`;
  const sumTmp = path.join(dir, `.${path.basename(sha256File)}.tmp-${process.pid}`);
  await writeFileAtomic(sha256File, sumTmp, `${sha256}  ${path.basename(out)}\n`);
  ctx.report({ phase: 'export', label: 'Export done', fraction: 1 });
  return { snapshot, path: inside, file: out, format, bytes: bytesOut, sha256, sha256File };
}
