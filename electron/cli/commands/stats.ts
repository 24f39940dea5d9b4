// `backbeat stats`: what the library holds, by analysis state.
import type { LibraryStats } from '../../../shared/types';
import { getLibraryStats } from '../../engine/library';
import { formatBytes, formatCount, renderPairs } from '../format';
import type { CommandSpec } from '../invocation';
import { statsJson } from '../json-shapes';

export function renderStats(stats: LibraryStats): string {
  if (stats.variant === 'none') {
    return (
      renderPairs([
        ['Library', stats.libraryPath],
        ['Database', formatBytes(stats.databaseBytes)],
      ]) + 'No recognised tracks table; backups still copy the whole database.\n'
    );
  }
  return renderPairs([
    ['Library', `${stats.libraryPath} (layout ${stats.variant})`],
    ['Tracks', formatCount(stats.tracks)],
    [
      'Analyzed',
      `${formatCount(stats.analyzed)} (${formatCount(stats.beat3tower)} beat3tower, ${formatCount(stats.legacy)} legacy)`,
    ],
    ['Pending', formatCount(stats.pending)],
    ['Failed', formatCount(stats.failed)],
    ['Database', formatBytes(stats.databaseBytes)],
  ]);
}

export const statsCommand: CommandSpec = {
  name: 'stats',
  synopsis: 'stats',
  flags: [],
  positionals: { min: 0, max: 0, label: '' },
  async run(inv) {
    const stats = getLibraryStats(inv.library());
    inv.result(statsJson(stats), () => renderStats(stats));
    return 0;
  },
};
