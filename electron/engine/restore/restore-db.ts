// One connection that sees both sides of a restore: the live library as `main` and the
// decompressed backup attached as `b`. Comparing inside SQLite means the ~7 KB feature
// documents are compared in C and never copied into JavaScript unless they differ.
import { ContractError } from '../../../shared/errors';
import type { LibraryVariant } from '../../../shared/types';
import {
  ANALYSIS_COLUMNS,
  ANALYZED_AT_COLUMN,
  detectVariant,
  openLibrary,
  type Db,
} from '../library/library';

export const BACKUP_SCHEMA = 'b';

/** Either both sides share a recognised layout, or a sentence saying why not. */
export type Comparability =
  | {
      featureAware: true;
      variant: 'A' | 'B';
      /** The variant's analysis columns that both sides have, in ANALYSIS_COLUMNS order. */
      columns: string[];
      analyzedAtColumn: string;
      /** Descriptive columns (artist, title) that exist on each side. */
      libraryColumns: ReadonlySet<string>;
      backupColumns: ReadonlySet<string>;
    }
  | { featureAware: false; reason: string };

const LAYOUT_NAMES: Record<'A' | 'B', string> = {
  A: 'the documented layout (sonic_features_updated_at)',
  B: "the generator's layout (sonic_analyzed_at)",
};

function tracksColumns(db: Db, schema: string): Set<string> {
  const rows = db.prepare('SELECT name FROM pragma_table_info(?, ?)').all('tracks', schema) as {
    name: string;
  }[];
  return new Set(rows.map((r) => r.name));
}

/** Null when both sides share a recognised layout; otherwise a sentence saying why not. */
export function layoutMismatchReason(
  libraryVariant: LibraryVariant,
  backupVariant: LibraryVariant,
): string | null {
  if (backupVariant === 'none') {
    return (
      'The backup has no tracks table Backbeat recognises, so it cannot be compared track by track; ' +
      'only replacing the whole library can restore it.'
    );
  }
  if (libraryVariant === 'none') {
    return (
      'The library has no tracks table Backbeat recognises, so the backup cannot be compared track by ' +
      'track; only replacing the whole library can restore it.'
    );
  }
  if (libraryVariant !== backupVariant) {
    return (
      `The backup's tracks table uses ${LAYOUT_NAMES[backupVariant]} and the library's uses ` +
      `${LAYOUT_NAMES[libraryVariant]}; only replacing the whole library can restore it.`
    );
  }
  return null;
}

/** Decides whether a feature-aware (additive) restore or preview is possible. */
export function compareLayouts(
  libraryVariant: LibraryVariant,
  backupVariant: LibraryVariant,
  libraryColumns: ReadonlySet<string>,
  backupColumns: ReadonlySet<string>,
): Comparability {
  const reason = layoutMismatchReason(libraryVariant, backupVariant);
  if (reason !== null || libraryVariant === 'none') return { featureAware: false, reason: reason ?? '' };
  const columns = ANALYSIS_COLUMNS[libraryVariant].filter(
    (c) => libraryColumns.has(c) && backupColumns.has(c),
  );
  return {
    featureAware: true,
    variant: libraryVariant,
    columns,
    analyzedAtColumn: ANALYZED_AT_COLUMN[libraryVariant],
    libraryColumns,
    backupColumns,
  };
}

export interface RestoreConnection {
  db: Db;
  comparability: Comparability;
  close(): void;
}

/**
 * Opens the library (read-only for a preview, writable for an additive restore) with the
 * backup copy attached. The attached copy shares the connection's mode; it is a private
 * temp file, so that is harmless.
 */
export function openRestoreConnection(
  libraryPath: string,
  backupCopyPath: string,
  options: { write: boolean; busyTimeoutMs?: number },
): RestoreConnection {
  const backup = openLibrary(backupCopyPath, { readonly: true });
  let backupVariant: LibraryVariant;
  try {
    backupVariant = detectVariant(backup);
  } finally {
    backup.close();
  }
  const db = openLibrary(libraryPath, { readonly: !options.write, busyTimeoutMs: options.busyTimeoutMs });
  try {
    // Before ATTACH: unqualified table lookups (as in detectVariant) would otherwise find
    // the backup's tracks table when the library has none.
    const libraryVariant = detectVariant(db);
    db.prepare(`ATTACH DATABASE ? AS ${BACKUP_SCHEMA}`).run(backupCopyPath);
    const comparability = compareLayouts(
      libraryVariant,
      backupVariant,
      tracksColumns(db, 'main'),
      tracksColumns(db, BACKUP_SCHEMA),
    );
    return { db, comparability, close: () => db.close() };
  } catch (err) {
    db.close();
    if (err instanceof ContractError) throw err;
    throw new ContractError('io', `Cannot compare the backup with the library: ${(err as Error).message}`);
  }
}
