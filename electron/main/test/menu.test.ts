import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { ContractError } from '../../../shared/contract';
import { createMenuCommands } from '../menu-actions';
import { buildMenuTemplate } from '../menu-template';

function findItem(
  items: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const found = findItem(item.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

describe('application menu', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`has the usual entries on ${platform}, wired to the actions`, () => {
      const fired: string[] = [];
      const template = buildMenuTemplate(platform, 'Backbeat', {
        openLibrary: () => fired.push('open'),
        backUpNow: () => fired.push('backup'),
        showAbout: () => fired.push('about'),
      });
      const top = template.map((i) => i.label ?? i.role);
      assert.deepEqual(top.slice(platform === 'darwin' ? 1 : 0), [
        'File',
        'editMenu',
        'View',
        'windowMenu',
        'help',
      ]);
      const open = findItem(template, 'Open Library...');
      const backup = findItem(template, 'Back Up Now');
      const about = findItem(template, 'About Backbeat');
      assert.equal(backup?.accelerator, 'CmdOrCtrl+B');
      for (const item of [open, backup, about]) (item?.click as () => void)();
      assert.deepEqual(fired, ['open', 'backup', 'about']);
      const view = template.find((i) => i.label === 'View')?.submenu as MenuItemConstructorOptions[];
      const roles = view.map((i) => i.role).filter(Boolean);
      assert.deepEqual(roles, [
        'reload',
        'forceReload',
        'toggleDevTools',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
      ]);
    });
  }
});

describe('menu commands', () => {
  it('opens the chosen library, does nothing on cancel, and shows errors as sentences', async () => {
    const calls: unknown[] = [];
    const errors: Array<[string, string]> = [];
    let choice: string | null = '/music/lib.db';
    const commands = createMenuCommands({
      service: {
        setLibrary: async (args) => {
          calls.push(args);
          if (args.path.endsWith('.txt'))
            throw new ContractError('not-sqlite', 'That file is not a SQLite database.');
          return {} as never;
        },
        startBackup: async () => {
          throw new ContractError('no-library', 'Choose a library first.');
        },
      },
      chooseLibraryFile: async () => choice,
      showError: (title, message) => errors.push([title, message]),
    });
    await commands.openLibrary();
    choice = null;
    await commands.openLibrary();
    choice = '/music/notes.txt';
    await commands.openLibrary();
    await commands.backUpNow();
    assert.deepEqual(calls, [{ path: '/music/lib.db' }, { path: '/music/notes.txt' }]);
    assert.deepEqual(errors, [
      ['Could not open the library', 'That file is not a SQLite database.'],
      ['Could not start the backup', 'Choose a library first.'],
    ]);
  });
});
