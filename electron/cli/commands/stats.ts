// `backbeat stats [--data-dir DIR]`: what the library holds, by analysis state. A
// variant A library's failed analyses are recorded in Backbeat's data folder (by
// `backbeat rescan` and the app), so that folder is read too.
import type { LibraryStats } from '../../../shared/types';
import { libraryStats } from '../../engine/app/use-cases/library-stats';
import { cliDataDir } from '../data-dir';
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
      'Analysed',
      `${formatCount(stats.analyzed)} (${formatCount(stats.beat3tower)} beat3tower, ${formatCount(stats.legacy)} legacy)`,
    ],
    ['Pending', formatCount(stats.pending)],
    ['Failed', formatCount(stats.failed)],
    ['Database', formatBytes(stats.databaseBytes)],
  ]);
}

export const statsCommand: CommandSpec = {
  name: 'stats',
  synopsis: 'stats [--data-dir DIR]',
  flags: ['data-dir'],
  async run(inv) {
    const stats = libraryStats(inv.library(), cliDataDir(inv));
    inv.result(statsJson(stats), () => renderStats(stats));
    return 0;
  },
};
