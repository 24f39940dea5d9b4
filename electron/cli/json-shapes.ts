// The JSON documents the CLI prints. Scripts depend on these field names, so they are
// built here, in one place, rather than by spreading engine objects around.
import type { BackupListEntry, LibraryStats } from '../../shared/types';

export type ListEntryJson = Omit<BackupListEntry, 'meta'> & {
  lastVerified: { at: string; ok: boolean; problems: string[] } | null;
};

/** A listed backup without its nested metadata (`info` prints that), plus when it was last verified. */
export function listEntryJson(entry: BackupListEntry): ListEntryJson {
  const { meta, ...rest } = entry;
  return { ...rest, lastVerified: meta?.lastVerified ?? null };
}

export interface StatsJson {
  libraryPath: string;
  variant: LibraryStats['variant'];
  totalTracks: number;
  analyzed: number;
  pending: number;
  failed: number;
  beat3tower: number;
  legacy: number;
  databaseBytes: number;
}

export function statsJson(stats: LibraryStats): StatsJson {
  return {
    libraryPath: stats.libraryPath,
    variant: stats.variant,
    totalTracks: stats.tracks,
    analyzed: stats.analyzed,
    pending: stats.pending,
    failed: stats.failed,
    beat3tower: stats.beat3tower,
    legacy: stats.legacy,
    databaseBytes: stats.databaseBytes,
  };
}
