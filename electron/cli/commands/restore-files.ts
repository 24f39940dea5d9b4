// `backbeat restore-files <snapshot> (PATH... | --track REF...) [--to DIR] [--apply]`:
// a preview of which files would be written new, overwritten or left alone; with
// --apply they are written, each overwritten file kept beside itself first.
import path from 'node:path';
import type { RestoreFilesPlan, RestoreFilesResult } from '../../../shared/repository-tools-types';
import {
  applyRestoreFiles,
  previewRestoreFiles,
  type RestoreSelection,
} from '../../engine/app/use-cases/repository';
import { UsageError } from '../args';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec, Invocation } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

const SHOWN = 50;

function selection(inv: Invocation): RestoreSelection {
  const paths = inv.positionals.slice(1);
  const tracks = inv.values('track');
  if (paths.length === 0 && tracks.length === 0) {
    throw new UsageError('restore-files needs what to restore: PATH... in the snapshot, or --track REF...');
  }
  if (paths.length > 0 && tracks.length > 0) {
    throw new UsageError('Give either paths or --track, not both.');
  }
  const to = inv.value('to');
  if (to !== undefined && !path.isAbsolute(to)) {
    throw new UsageError(`--to must be an absolute folder, not "${to}".`);
  }
  return { ...(paths.length ? { paths } : {}), ...(tracks.length ? { tracks } : {}), ...(to ? { to } : {}) };
}

function lines(plan: RestoreFilesPlan): string[] {
  // A name that is not UTF-8 is shown with its bytes as \xFF, as the app shows it.
  const shown = plan.files.slice(0, SHOWN).map((f) => {
    const where = f.destination === f.path ? '' : ` -> ${f.destinationDisplay ?? f.destination}`;
    return `  ${f.action.padEnd(9)} ${f.display ?? f.path}${where}`;
  });
  if (plan.files.length > SHOWN)
    shown.push(`  ... and ${formatCount(plan.files.length - SHOWN)} more (--json lists all)`);
  return shown;
}

function counts(plan: RestoreFilesPlan): string {
  const c = plan.counts;
  return `${formatCount(c.new)} new, ${formatCount(c.overwrite)} to overwrite, ${formatCount(c.identical)} identical (left alone)`;
}

function describePreview(plan: RestoreFilesPlan): string {
  const head = `From snapshot ${plan.snapshot.shortId}${plan.to ? `, below ${plan.to}` : ''}: ${counts(plan)}; ${formatBytes(plan.bytesToWrite)} to write.`;
  const tail =
    plan.counts.new + plan.counts.overwrite === 0
      ? 'Nothing to restore: every file is already as the snapshot holds it.'
      : 'Nothing was changed. Add --apply to write them (each overwritten file is kept beside itself first).';
  return `${[head, ...lines(plan), tail].join('\n')}\n`;
}

function describeApplied(r: RestoreFilesResult): string {
  const out = [
    `Restored ${formatCount(r.written)} file${r.written === 1 ? '' : 's'} from snapshot ${r.snapshot.shortId}; ${formatCount(r.counts.identical)} identical left alone.`,
  ];
  if (r.movedAside.length) {
    out.push('The files they replaced were kept:');
    out.push(...r.movedAside.slice(0, SHOWN).map((m) => `  ${m.movedToDisplay ?? m.movedTo}`));
    if (r.movedAside.length > SHOWN)
      out.push(`  ... and ${formatCount(r.movedAside.length - SHOWN)} more (--json lists all)`);
  }
  return `${out.join('\n')}\n`;
}

export const restoreFilesCommand: CommandSpec = {
  name: 'restore-files',
  synopsis: 'restore-files <snapshot> (PATH... | --track REF...) [--to DIR] [--apply]',
  flags: ['track', 'to', 'apply', ...REPO_FLAGS],
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, label: '<snapshot>' },
  async run(inv) {
    const ref = inv.positionals[0]!;
    const sel = selection(inv);
    const scope = cliRepoScope(inv);
    if (!inv.has('apply')) {
      const plan = await previewRestoreFiles(scope, ref, sel);
      inv.result(plan, () => describePreview(plan));
      return 0;
    }
    const result = await inv.job((ctx) => applyRestoreFiles(scope, ref, sel, ctx));
    inv.result(result, () => describeApplied(result));
    return 0;
  },
};
