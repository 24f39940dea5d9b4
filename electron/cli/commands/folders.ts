// `backbeat folders [list | add DIR [--exclude PATTERN]... | remove DIR]`: the audio
// folders that snapshots hold, proposed from the library's file paths until edited.
import type { RepositoryView } from '../../../shared/repository-types';
import { addFolder, removeFolder, repositoryView } from '../../engine/app/use-cases/repository';
import { UsageError } from '../args';
import { cliDataDir } from '../data-dir';
import type { CommandSpec, Invocation } from '../invocation';

function describe(view: RepositoryView): string {
  if (view.folders.length === 0) {
    return 'No audio folders: the library has no track file paths to propose them from. Add one with: backbeat folders add DIR\n';
  }
  const head = view.foldersProposed
    ? "Audio folders (proposed from the library's file paths; edit with folders add/remove):\n"
    : 'Audio folders:\n';
  const lines = view.folders.map((f) => {
    const marks = [
      f.present ? '' : '[missing]',
      f.excludes.length ? `excludes: ${f.excludes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('  ');
    return `  ${f.path}${marks ? `  ${marks}` : ''}\n`;
  });
  return head + lines.join('') + `Repository: ${view.repo ?? 'none yet (backbeat repo init)'}\n`;
}

function scope(inv: Invocation) {
  return {
    dataDir: cliDataDir(inv),
    libraryPath: inv.library(),
    env: inv.io.env,
    // Folders never run restic; asking for a password here would be a bug.
    password: () => Promise.reject(new Error('folders needs no password')),
  };
}

export const foldersCommand: CommandSpec = {
  name: 'folders',
  synopsis: 'folders [list | add DIR [--exclude PATTERN]... | remove DIR]',
  flags: ['exclude', 'data-dir'],
  positionals: { min: 0, max: 2, label: 'list, add DIR or remove DIR' },
  async run(inv) {
    const [sub = 'list', dir] = inv.positionals;
    const excludes = inv.values('exclude');
    if (sub !== 'add' && excludes.length) throw new UsageError('--exclude goes with "folders add DIR".');
    let view: RepositoryView;
    if (sub === 'list') {
      if (dir !== undefined) throw new UsageError('folders list takes no folder.');
      view = repositoryView(scope(inv));
    } else if (sub === 'add' || sub === 'remove') {
      if (dir === undefined) throw new UsageError(`folders ${sub} needs a folder.`);
      view = sub === 'add' ? await addFolder(scope(inv), dir, excludes) : await removeFolder(scope(inv), dir);
    } else {
      throw new UsageError(
        `Unknown folders subcommand "${sub}". Usage: backbeat folders [list | add DIR | remove DIR]`,
      );
    }
    inv.result(view, () => describe(view));
    return 0;
  },
};
