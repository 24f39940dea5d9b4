// An in-memory backup folder for tests and simulations: listing, deleting and
// "creating" backups without a database, with the metadata fields retention reads.
import type { BackupListEntry, BackupMeta } from '../../../shared/types';

export interface FakeBackupFields {
  id?: string;
  createdAt: Date;
  name?: string | null;
  pinned?: boolean;
  verified?: boolean;
  analyzed?: number;
  tier?: string;
  status?: BackupListEntry['status'];
  compressedBytes?: number;
}

let counter = 0;

export function fakeBackupMeta(fields: FakeBackupFields): BackupMeta {
  const createdAt = fields.createdAt.toISOString();
  const id = fields.id ?? `${createdAt.replace(/[-:.TZ]/g, '')}-${(counter++).toString(36)}`;
  const analyzed = fields.analyzed ?? 0;
  // Any string, not just a known tier: tests also store foreign values, as another writer might.
  const meta: Omit<BackupMeta, 'tier'> & { tier?: string } = {
    formatVersion: 1,
    id,
    name: fields.name ?? null,
    createdAt,
    trigger: 'scheduled',
    library: { path: '/music/library.db', variant: 'B', schemaFingerprint: 'f'.repeat(64) },
    stats: { tracks: analyzed, analyzed, pending: 0, failed: 0, beat3tower: analyzed, legacy: 0 },
    sizes: { databaseBytes: 4096, compressedBytes: fields.compressedBytes ?? 1024 },
    sha256: '0'.repeat(64),
    appVersion: '0.0.0-test',
    pinned: fields.pinned ?? false,
    lastVerified: fields.verified ? { at: createdAt, ok: true, problems: [] } : null,
  };
  if (fields.tier !== undefined) meta.tier = fields.tier;
  return meta as BackupMeta;
}

export function entryFromMeta(meta: BackupMeta, status: BackupListEntry['status'] = 'ok'): BackupListEntry {
  const readable = status === 'ok';
  return {
    id: meta.id,
    status,
    problem: readable ? null : 'The metadata could not be read.',
    name: readable ? meta.name : null,
    createdAt: readable ? meta.createdAt : null,
    trigger: readable ? meta.trigger : null,
    trackCount: readable ? meta.stats.tracks : null,
    beat3tower: readable ? meta.stats.beat3tower : null,
    sizeBytes: readable ? meta.sizes.compressedBytes : null,
    sha256: readable ? meta.sha256 : null,
    pinned: readable ? meta.pinned : false,
    verified: readable ? (meta.lastVerified ? meta.lastVerified.ok : null) : null,
    meta: readable ? meta : null,
  };
}

export function fakeEntry(fields: FakeBackupFields): BackupListEntry {
  return entryFromMeta(fakeBackupMeta(fields), fields.status ?? 'ok');
}

export class FakeBackupFolder {
  private entries: BackupListEntry[] = [];
  deleted: string[] = [];

  add(fields: FakeBackupFields): BackupMeta {
    const meta = fakeBackupMeta(fields);
    this.entries.push(entryFromMeta(meta, fields.status ?? 'ok'));
    return meta;
  }

  /** Newest first, like the backup store. */
  list = async (): Promise<BackupListEntry[]> =>
    [...this.entries].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));

  remove = async (_backupDir: string, id: string): Promise<void> => {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    if (this.entries.length === before) throw new Error(`No backup ${id}.`);
    this.deleted.push(id);
  };

  get size(): number {
    return this.entries.length;
  }
}
