// `backbeat crosscheck`: the library against its audio. Exit 0 when every track's file
// is there, readable and as the newest snapshot holds it, and no audio file is left
// unreferenced; 1 when anything is listed.
import type { CrosscheckResult } from '../../../shared/repository-tools-types';
import { crosscheckOperation } from '../../engine/app/use-cases/repository';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

const SHOWN = 50;

function section<T>(title: string, items: readonly T[], line: (item: T) => string): string[] {
  if (items.length === 0) return [];
  const out = [
    `${title} (${formatCount(items.length)}):`,
    ...items.slice(0, SHOWN).map((i) => `  ${line(i)}`),
  ];
  if (items.length > SHOWN)
    out.push(`  ... and ${formatCount(items.length - SHOWN)} more (--json lists all)`);
  return out;
}

function problems(r: CrosscheckResult): number {
  return r.missing.length + r.unreadable.length + r.changed.length + r.unreferenced.length;
}

function describe(r: CrosscheckResult): string {
  const against = r.newestSnapshot
    ? `against snapshot ${r.newestSnapshot.shortId}`
    : 'with no snapshot to compare against';
  const head = `${formatCount(r.tracks)} tracks and ${formatCount(r.audioFilesSeen)} audio files in the folders, ${against}.`;
  if (problems(r) === 0) return `${head}\nEverything is in order.\n`;
  const lines = [
    head,
    ...section(
      'Missing',
      r.missing,
      (m) =>
        `${m.path} (track ${m.trackId}): ${m.snapshot ? `in snapshot ${m.snapshot.shortId}; restore with: backbeat restore-files ${m.snapshot.shortId} --track ${m.trackId} --apply` : 'in no snapshot'}`,
    ),
    ...section('Unreadable', r.unreadable, (u) => `${u.path} (track ${u.trackId}): ${u.reason}`),
    ...section(
      'Changed since the newest snapshot',
      r.changed,
      (c) =>
        `${c.path} (track ${c.trackId}): ${formatBytes(c.size)}${c.sizeInSnapshot === null || c.sizeInSnapshot === c.size ? '' : `, was ${formatBytes(c.sizeInSnapshot)}`}`,
    ),
    ...section('Audio files no track refers to', r.unreferenced, (u) => `${u.path} (${formatBytes(u.size)})`),
  ];
  return `${lines.join('\n')}\n`;
}

export const crosscheckCommand: CommandSpec = {
  name: 'crosscheck',
  synopsis: 'crosscheck',
  flags: REPO_FLAGS,
  async run(inv) {
    const result = await crosscheckOperation(cliRepoScope(inv));
    inv.result(result, () => describe(result));
    return problems(result) === 0 ? 0 : 1;
  },
};
