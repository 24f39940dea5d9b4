// Disaster recovery: with the local repository and library gone, a destination gives
// back the newest (or a chosen) snapshot: the library database as DIR/<its original
// file name>, and each audio folder at DIR/<its original absolute path>.
//
// Everything is restored into DIR/.backbeat-recovering first and moved into place only
// when restic has finished (and verified what it wrote), so a recovery cut off half-way
// never looks finished; running it again starts that folder afresh. DIR must be empty
// or new: recovery never overwrites anything.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RecoverResult } from '../../../shared/destination-types';
import { ContractError } from '../../../shared/errors';
import { sliceContext, throwIfCancelled, type JobContext } from '../runtime/progress';
import { libraryKey, readAllLibraryRepoConfigs, type DestinationConfig } from '../repository/repo-config';
import type { RepoPassword } from '../repository/repo-password';
import type { SecretStore } from '../secrets/secret-store';
import { findRestic } from '../repository/restic-discovery';
import { snapshotListSchema, type ResticSnapshot } from '../repository/restic-messages';
import { runResticSerialized } from '../repository/restic-runner';
import { BACKBEAT_TAG, snapshotEntry } from '../repository/snapshot-tags';
import { resolveSnapshotRef } from '../repository/snapshots';
import { destAccess, runOptions, type DestAccess } from './dest-access';
import { checkDestinationName, parseLocation } from './location';
import { assertReachable } from './reachability';
import { watched, type Watchdog } from './watchdog';

export const RECOVERING_DIR = '.backbeat-recovering';

export interface RecoverScope {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** The destination's password (by default the repository's). */
  password: () => Promise<RepoPassword>;
  /** Only this library's snapshots; needed when the destination holds several libraries'. */
  libraryPath?: string;
  destPasswordFile?: string;
  /** The desktop app's secret store (the destination's kept password and credentials). */
  secrets?: SecretStore;
  /** How long restic may make no progress before recovery is stopped (watchdog.ts). */
  idleMs?: number;
}

export interface RecoverInput {
  /** A saved destination's name, or a location. */
  from: string;
  to: string;
  snapshot?: string;
  /** For a location: restic options and a credentials file, as `dest add` takes them. */
  options?: readonly string[];
  credentialsFile?: string;
  ctx: JobContext;
}

const restoreStatusSchema = z.object({
  message_type: z.literal('status'),
  percent_done: z.number().optional(),
  total_bytes: z.number().optional(),
  bytes_restored: z.number().optional(),
  files_restored: z.number().optional(),
  total_files: z.number().optional(),
});
const restoreSummarySchema = z.object({
  message_type: z.literal('summary'),
  files_restored: z.number().optional(),
  bytes_restored: z.number().optional(),
});

/** A saved destination by name (this library's, else the only one of that name), or a location as given. */
function pickDestination(scope: RecoverScope, input: RecoverInput): DestinationConfig {
  const looksLikeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(input.from) && !input.from.includes('/');
  if (looksLikeName) {
    const all = Object.entries(readAllLibraryRepoConfigs(scope.dataDir));
    const lib = scope.libraryPath ? path.resolve(scope.libraryPath) : null;
    const found = all
      .filter(([p]) => lib === null || p === lib)
      .flatMap(([, c]) => c.destinations ?? [])
      .filter((d) => d.name === checkDestinationName(input.from));
    const unique = [...new Map(found.map((d) => [d.location, d])).values()];
    if (unique.length === 1) return unique[0]!;
    if (unique.length > 1) {
      throw new ContractError(
        'ambiguous',
        `Several libraries have a destination "${input.from}"; pass --library, or give its location instead.`,
      );
    }
    if (!fs.existsSync(path.resolve(input.from))) {
      throw new ContractError(
        'not-found',
        `No saved destination is called "${input.from}" (the settings may have been lost with the machine). Give its location instead: a folder, sftp:..., s3:..., rest:... or rclone:...`,
      );
    }
  }
  return {
    name: 'recover',
    location: parseLocation(input.from).location,
    options: [...(input.options ?? [])],
    credentialsFile: input.credentialsFile ?? null,
    passwordFile: null,
    lastCopy: null,
    copyEveryHours: null,
    size: null,
    pruned: [],
    lastCheck: null,
  };
}

function keyOf(s: ResticSnapshot): string | null {
  const tag = (s.tags ?? []).find((t) => t.startsWith('library='));
  return tag ? tag.slice('library='.length) : null;
}

async function chooseSnapshot(
  d: DestAccess,
  scope: RecoverScope,
  ref: string | undefined,
  wd: Watchdog,
): Promise<ResticSnapshot> {
  const res = await runResticSerialized(
    d.access,
    [...d.optionArgs, 'snapshots', '--tag', BACKBEAT_TAG],
    runOptions(d, { signal: wd.signal, collect: true, onWarning: wd.onWarning }),
  );
  const parsed = snapshotListSchema.safeParse(res.messages[0] ?? []);
  if (!parsed.success) throw new ContractError('corrupt', 'restic listed the snapshots in an unknown form.');
  let list = (parsed.data ?? []).filter((s) => keyOf(s) !== null);
  if (scope.libraryPath) {
    const key = libraryKey(scope.libraryPath);
    list = list.filter((s) => keyOf(s) === key);
  }
  if (list.length === 0) {
    throw new ContractError(
      'not-found',
      `Destination "${d.name}" holds no Backbeat snapshot${scope.libraryPath ? ' of this library' : ''}.`,
    );
  }
  list.sort((a, b) => a.time.localeCompare(b.time));
  if (ref === undefined && new Set(list.map(keyOf)).size > 1) {
    throw new ContractError(
      'ambiguous',
      `Destination "${d.name}" holds snapshots of several libraries; pass --library (the library's original path) or --snapshot REF.`,
    );
  }
  const entry = resolveSnapshotRef(list.map(snapshotEntry), ref ?? 'latest');
  return list.find((s) => s.id === entry.id)!;
}

/** DIR must be new or empty (a leftover of a recovery cut off half-way is cleared). */
async function prepareTarget(dir: string): Promise<string> {
  await fs.promises.mkdir(dir, { recursive: true });
  const entries = await fs.promises.readdir(dir);
  const others = entries.filter((e) => e !== RECOVERING_DIR);
  if (others.length > 0) {
    throw new ContractError(
      'bad-arguments',
      `${dir} is not empty; recover writes into an empty or new folder so that nothing is overwritten.`,
    );
  }
  const work = path.join(dir, RECOVERING_DIR);
  await fs.promises.rm(work, { recursive: true, force: true });
  await fs.promises.mkdir(work);
  return work;
}

export async function recoverOperation(scope: RecoverScope, input: RecoverInput): Promise<RecoverResult> {
  const { ctx } = input;
  const dest = pickDestination(scope, input);
  const restic = await findRestic(scope.env);
  const d = await destAccess(restic, dest, scope.password, scope.destPasswordFile, scope.secrets);
  await assertReachable(d.name, d.parsed, dest.options);
  const target = path.resolve(input.to);
  let files = 0;
  let bytes = 0;
  const watch = scope.idleMs !== undefined ? { idleMs: scope.idleMs } : {};
  return watched(d, 'recovery', dest.options, ctx.signal, watch, async (wd) => {
    ctx.report({ phase: 'list', label: 'Reading the snapshots', fraction: 0 });
    const snap = await chooseSnapshot(d, scope, input.snapshot, wd);
    const key = keyOf(snap)!;
    const stagingTail = path.join('repository-staging', key, 'db');
    const dbPath = snap.paths.find((p) => path.dirname(p).endsWith(stagingTail));
    if (!dbPath) {
      throw new ContractError('corrupt', `Snapshot ${snap.id.slice(0, 8)} holds no library database.`);
    }
    const folders = snap.paths.filter((p) => p !== dbPath);
    const work = await prepareTarget(target);

    let lastBytes = -1;
    const restore = async (args: string[], c: JobContext): Promise<void> => {
      await runResticSerialized(
        d.access,
        [...d.optionArgs, 'restore', ...args],
        runOptions(d, {
          signal: wd.signal,
          onWarning: wd.onWarning,
          onMessage: (m) => {
            const st = restoreStatusSchema.safeParse(m);
            if (st.success) {
              if ((st.data.bytes_restored ?? 0) !== lastBytes) wd.progress();
              lastBytes = st.data.bytes_restored ?? 0;
              c.report({
                phase: 'restore',
                label: 'Restoring from the copy',
                fraction: st.data.percent_done ?? 0,
                ...(st.data.bytes_restored !== undefined ? { bytesDone: st.data.bytes_restored } : {}),
                ...(st.data.total_bytes !== undefined ? { bytesTotal: st.data.total_bytes } : {}),
              });
              return;
            }
            const sum = restoreSummarySchema.safeParse(m);
            if (sum.success) {
              files += sum.data.files_restored ?? 0;
              bytes += sum.data.bytes_restored ?? 0;
            }
          },
        }),
      );
    };
    // `<id>:<folder>` restores that folder's contents directly into the target.
    await restore(
      [`${snap.id}:${path.dirname(dbPath)}`, '--target', path.join(work, 'db')],
      sliceContext(ctx, 0.02, 0.1),
    );
    if (folders.length > 0) {
      await restore(
        [snap.id, '--target', path.join(work, 'audio'), ...folders.flatMap((f) => ['--include', f])],
        sliceContext(ctx, 0.1, 0.98),
      );
    }
    throwIfCancelled(ctx.signal);

    // Into place: the database, then the audio folders' top-level entries.
    const dbName = path.basename(dbPath);
    await fs.promises.rename(path.join(work, 'db', dbName), path.join(target, dbName));
    const audioRoot = path.join(work, 'audio');
    if (fs.existsSync(audioRoot)) {
      for (const entry of await fs.promises.readdir(audioRoot)) {
        await fs.promises.rename(path.join(audioRoot, entry), path.join(target, entry));
      }
    }
    await fs.promises.rm(work, { recursive: true, force: true });
    ctx.report({ phase: 'restore', label: 'Recovered', fraction: 1 });
    return {
      from: dest.location,
      snapshot: snapshotEntry(snap),
      databasePath: path.join(target, dbName),
      folders: folders.map((f) => ({ original: f, restoredTo: path.join(target, f) })),
      filesRestored: files,
      bytesRestored: bytes,
    };
  });
}
