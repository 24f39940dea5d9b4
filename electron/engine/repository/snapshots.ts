// Listing a library's snapshots and resolving a `<snapshot>` reference: an id, a unique
// id prefix, a name or `latest`.
import { ContractError } from '../../../shared/errors';
import type { RepoSnapshotEntry } from '../../../shared/repository-types';
import { snapshotListSchema } from './restic-messages';
import { runResticSerialized, type RepoAccess } from './restic-runner';
import { BACKBEAT_TAG, libraryTag, snapshotEntry } from './snapshot-tags';

/** A snapshot of the library and the paths restic was given for it. */
export interface LibrarySnapshotRecord {
  entry: RepoSnapshotEntry;
  paths: string[];
}

/** The library's snapshots, oldest first (restic's order). */
export async function listLibrarySnapshots(
  access: RepoAccess,
  key: string,
  signal?: AbortSignal,
): Promise<RepoSnapshotEntry[]> {
  return (await listLibrarySnapshotRecords(access, key, signal)).map((r) => r.entry);
}

/** The library's snapshots with their paths, oldest first. */
export async function listLibrarySnapshotRecords(
  access: RepoAccess,
  key: string,
  signal?: AbortSignal,
): Promise<LibrarySnapshotRecord[]> {
  const res = await runResticSerialized(
    access,
    ['snapshots', '--tag', `${BACKBEAT_TAG},${libraryTag(key)}`],
    {
      collect: true,
      ...(signal ? { signal } : {}),
    },
  );
  const parsed = snapshotListSchema.safeParse(res.messages[0] ?? []);
  if (!parsed.success) {
    throw new ContractError('corrupt', 'restic listed the snapshots in a form Backbeat does not understand.');
  }
  const list = (parsed.data ?? []).map((s) => ({ entry: snapshotEntry(s), paths: s.paths }));
  return list.sort((a, b) => a.entry.time.localeCompare(b.entry.time));
}

/** Finds one snapshot by reference in a list (oldest first). */
export function resolveSnapshotRef(list: readonly RepoSnapshotEntry[], ref: string): RepoSnapshotEntry {
  if (list.length === 0) throw new ContractError('not-found', 'There are no snapshots of this library yet.');
  if (ref === 'latest') return list[list.length - 1]!;
  const byName = list.filter((s) => s.name === ref);
  if (byName.length === 1) return byName[0]!;
  if (/^[0-9a-f]{1,64}$/.test(ref)) {
    const byId = list.filter((s) => s.id.startsWith(ref));
    if (byId.length === 1) return byId[0]!;
    if (byId.length > 1) {
      throw new ContractError('ambiguous', `"${ref}" matches ${byId.length} snapshots; give more of the id.`);
    }
  }
  if (byName.length > 1)
    throw new ContractError('ambiguous', `${byName.length} snapshots are called "${ref}".`);
  throw new ContractError('not-found', `No snapshot of this library matches "${ref}".`);
}
