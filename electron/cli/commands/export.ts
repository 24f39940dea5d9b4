// `backbeat export <snapshot> [PATH] --out FILE`: a snapshot (or a folder of it) as
// one .tar.gz or .zip, by FILE's ending, with FILE.sha256 beside it.
import path from 'node:path';
import { archiveFormatOf, exportOperation } from '../../engine/app/use-cases/repository';
import { UsageError } from '../args';
import { formatBytes } from '../format';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

export const exportCommand: CommandSpec = {
  name: 'export',
  synopsis: 'export <snapshot> [PATH] --out FILE',
  flags: ['out', ...REPO_FLAGS],
  positionals: { min: 1, max: 2, label: '<snapshot>' },
  async run(inv) {
    const [ref, inside] = inv.positionals;
    const rawOut = inv.value('out');
    if (rawOut === undefined)
      throw new UsageError('export needs --out FILE (ending in .tar.gz, .tgz or .zip).');
    if (!archiveFormatOf(rawOut)) {
      throw new UsageError(`--out must end in .tar.gz, .tgz or .zip, not "${path.basename(rawOut)}".`);
    }
    const out = path.resolve(rawOut);
    if (!path.isAbsolute(rawOut)) inv.note(`backbeat: --out "${rawOut}" is relative; writing ${out}`);
    const scope = cliRepoScope(inv);
    const result = await inv.job((ctx) =>
      exportOperation(scope, { ref: ref!, ...(inside !== undefined ? { path: inside } : {}), out, ctx }),
    );
    inv.result(
      result,
      () =>
        `Exported ${result.path === '/' ? 'snapshot' : `${result.path} of snapshot`} ${result.snapshot.shortId} to ${result.file} ` +
        `(${formatBytes(result.bytes)}).\nSHA-256 ${result.sha256}, in ${result.sha256File}.\n`,
    );
    return 0;
  },
};
