// `backbeat recover --from NAME --to DIR [--snapshot REF]`: disaster recovery. With
// the local repository and library gone, a destination gives back the newest (or the
// chosen) snapshot: the database as DIR/<its name>, the audio folders below DIR with
// their original paths. NAME is a saved destination, or its location when the
// settings were lost too. No library is needed (it may be what was lost); --library
// only picks that library's snapshots.
import type { RecoverResult } from '../../../shared/destination-types';
import { recoverOperation } from '../../engine/app/use-cases/destinations';
import { UsageError } from '../args';
import { cliDataDir } from '../data-dir';
import type { CommandSpec } from '../invocation';
import { cliPassword } from '../repo-scope';
import { credentialsFileOf, destPasswordFileOf } from './dest-scope';

function describe(r: RecoverResult): string {
  const lines = [
    `Recovered snapshot ${r.snapshot.shortId} (${r.snapshot.time}) from ${r.from}:`,
    `  library database: ${r.databasePath}`,
    ...r.folders.map((f) => `  audio folder ${f.original}: ${f.restoredTo}`),
    `${r.filesRestored} files, ${r.bytesRestored} bytes.`,
  ];
  return `${lines.join('\n')}\n`;
}

export const recoverCommand: CommandSpec = {
  name: 'recover',
  synopsis: 'recover --from NAME --to DIR [--snapshot REF]',
  flags: [
    'from',
    'to',
    'snapshot',
    'option',
    'credentials-file',
    'password-file',
    'dest-password-file',
    'data-dir',
  ],
  async run(inv) {
    const from = inv.value('from');
    const to = inv.value('to');
    if (!from || !to) {
      throw new UsageError(
        'recover needs --from NAME (a destination, or its location) and --to DIR (a new or empty folder).',
      );
    }
    const library = inv.libraryOrNull();
    const destPasswordFile = destPasswordFileOf(inv);
    const credentialsFile = credentialsFileOf(inv);
    const snapshot = inv.value('snapshot');
    const scope = {
      dataDir: cliDataDir(inv),
      env: inv.io.env,
      password: cliPassword(inv, false),
      ...(library ? { libraryPath: library } : {}),
      ...(destPasswordFile ? { destPasswordFile } : {}),
    };
    const result = await inv.job((ctx) =>
      recoverOperation(scope, {
        from,
        to,
        options: inv.values('option'),
        ...(snapshot !== undefined ? { snapshot } : {}),
        ...(credentialsFile ? { credentialsFile } : {}),
        ctx,
      }),
    );
    inv.result(result, () => describe(result));
    return 0;
  },
};
