// What Backbeat writes into a restic snapshot's tags, and reads back: the snapshot is
// the only record, so its name and trigger travel with it. restic splits --tag values
// on commas, so the name is percent-encoded (a comma becomes %2C).
import type { RepoSnapshotEntry, SnapshotTrigger } from '../../../shared/repository-types';
import type { ResticSnapshot } from './restic-messages';

export const BACKBEAT_TAG = 'backbeat';

export function libraryTag(key: string): string {
  return `library=${key}`;
}

export function snapshotTags(key: string, trigger: SnapshotTrigger, name: string | null): string[] {
  const tags = [BACKBEAT_TAG, libraryTag(key), `trigger=${trigger}`];
  if (name !== null) tags.push(`name=${encodeURIComponent(name)}`);
  return tags;
}

function tagValue(tags: readonly string[], key: string): string | null {
  const tag = tags.find((t) => t.startsWith(`${key}=`));
  return tag === undefined ? null : tag.slice(key.length + 1);
}

function decodeName(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function snapshotEntry(s: ResticSnapshot): RepoSnapshotEntry {
  const tags = s.tags ?? [];
  const trigger = tagValue(tags, 'trigger');
  return {
    id: s.id,
    shortId: s.short_id ?? s.id.slice(0, 8),
    time: s.time,
    name: decodeName(tagValue(tags, 'name')),
    trigger: trigger === 'manual' || trigger === 'scheduled' ? trigger : null,
    filesNew: s.summary?.files_new ?? null,
    filesChanged: s.summary?.files_changed ?? null,
    dataAdded: s.summary?.data_added ?? null,
    totalFiles: s.summary?.total_files_processed ?? null,
    totalBytes: s.summary?.total_bytes_processed ?? null,
  };
}
