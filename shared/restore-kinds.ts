// The kinds of change a restore can make to a matched track's analysis, and the pure
// rules every layer shares: which kind a change is, what the chosen kinds would write,
// and the library's formats after writing them. Only `fills` and `replaces` are restored
// unless the user asks for more: a restore must never erase analysis by default.
// No zod here: the restore worker imports this, and loading zod slows its start-up.
import type { FeatureFormat, FormatCounts } from './types';

export type RestoreKind = 'fills' | 'replaces' | 'downgrades' | 'erases';

export const RESTORE_KINDS: readonly RestoreKind[] = ['fills', 'replaces', 'downgrades', 'erases'];
export const DEFAULT_RESTORE_KINDS: readonly RestoreKind[] = ['fills', 'replaces'];

export function isRestoreKind(word: unknown): word is RestoreKind {
  return typeof word === 'string' && (RESTORE_KINDS as readonly string[]).includes(word);
}

export type KindCounts = Record<RestoreKind, number>;

/** One line of help per kind, for the CLI, the app and the README alike. */
export const RESTORE_KIND_HELP: Record<RestoreKind, string> = {
  fills: 'the library has no analysis, the backup has some',
  replaces: 'both have analysis and the backup’s differs (same format, or legacy becomes beat3tower)',
  downgrades: 'the library’s analysis is beat3tower, the backup’s is legacy',
  erases: 'the library has analysis, the backup has none',
};

export function zeroKindCounts(): KindCounts {
  return { fills: 0, replaces: 0, downgrades: 0, erases: 0 };
}

/**
 * The kind of a matched track whose analysis columns differ, from the formats of the
 * library's analysis (before) and the backup's (after). A track without analysis on
 * both sides (only bookkeeping columns differ) is a fill: it has nothing to lose.
 */
export function kindOfChange(before: FeatureFormat, after: FeatureFormat): RestoreKind {
  if (before === 'none') return 'fills';
  if (after === 'none') return 'erases';
  if (before === 'beat3tower' && after === 'legacy') return 'downgrades';
  return 'replaces';
}

/** Kinds in their canonical order, without repeats. */
export function normaliseKinds(kinds: Iterable<RestoreKind>): RestoreKind[] {
  const set = new Set(kinds);
  return RESTORE_KINDS.filter((k) => set.has(k));
}

/** How many tracks the chosen kinds would write. */
export function countForKinds(counts: KindCounts, include: readonly RestoreKind[]): number {
  return normaliseKinds(include).reduce((n, k) => n + counts[k], 0);
}

/** The library's formats after writing the chosen kinds: now, plus how each chosen kind moves them. */
export function formatsAfterKinds(
  before: FormatCounts,
  deltas: Record<RestoreKind, FormatCounts>,
  include: readonly RestoreKind[],
): FormatCounts {
  const after = { ...before };
  for (const k of normaliseKinds(include)) {
    after.beat3tower += deltas[k].beat3tower;
    after.legacy += deltas[k].legacy;
    after.none += deltas[k].none;
  }
  return after;
}

/**
 * Parses `fills,replaces` (the CLI's `--include`); `all` means every kind. Returns the
 * kinds, or a sentence saying what is wrong.
 */
export function parseKindList(text: string): { kinds: RestoreKind[] } | { error: string } {
  const words = text
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
  if (words.length === 0) {
    return { error: `--include needs a list of kinds: ${RESTORE_KINDS.join(',')} (or all).` };
  }
  const kinds: RestoreKind[] = [];
  for (const word of words) {
    if (word === 'all') {
      kinds.push(...RESTORE_KINDS);
      continue;
    }
    if (!isRestoreKind(word)) {
      return { error: `Unknown restore kind "${word}"; the kinds are ${RESTORE_KINDS.join(', ')} (or all).` };
    }
    kinds.push(word);
  }
  return { kinds: normaliseKinds(kinds) };
}
