// `backbeat copy [--to NAME]`: the snapshots a destination (or each) lacks, copied
// there. Exit 0 when every destination is copied or up to date, 1 when one failed
// (each failure said in a sentence; the others are still copied).
import type { CopyResult } from '../../../shared/destination-types';
import { copyUnderLock } from '../../engine/app/use-cases/destinations';
import type { CommandSpec } from '../invocation';
import { cliDestScope, DEST_FLAGS } from './dest-scope';

function describe(r: CopyResult): string {
  return `${r.destinations
    .map((d) => {
      if (d.status === 'failed') return `${d.name}: failed. ${d.error ?? ''}`;
      if (d.status === 'up-to-date') return `${d.name}: up to date (it holds every snapshot).`;
      const n = d.snapshotsCopied;
      return `${d.name}: copied ${n} ${n === 1 ? 'snapshot' : 'snapshots'} in ${d.seconds.toFixed(1)} s.`;
    })
    .join('\n')}\n`;
}

export const copyCommand: CommandSpec = {
  name: 'copy',
  synopsis: 'copy [--to NAME]',
  flags: ['to', ...DEST_FLAGS],
  async run(inv) {
    const to = inv.value('to');
    const scope = cliDestScope(inv);
    // Under the repository lock; a busy repository exits 1 saying which job holds it (the copy stays owed).
    const result = await inv.job((ctx) => copyUnderLock(scope, { ...(to !== undefined ? { to } : {}), ctx }));
    inv.result(result, () => describe(result));
    return result.destinations.every((d) => d.status !== 'failed') ? 0 : 1;
  },
};
