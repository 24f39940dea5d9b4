// A file name that is not UTF-8 (a Latin-1 "é", byte 0xE9) on the Snapshots screen:
// restic's listing has U+FFFD there; the app shows the byte as \xE9, says why in the
// tooltip, and finds the file by what it shows. A folder so named shows its byte in the
// breadcrumbs too, and the preview of restoring a file from it shows the same path,
// while the restore puts the file back under the folder's exact name, and the file it
// replaced, kept beside it, is shown with the same escaped byte.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect } from './fixtures';
import { passwordFileIn, sharedFolder } from './shared-folder';

const RESTIC = process.env.BACKBEAT_RESTIC ?? '';
const haveRestic = RESTIC !== '' && fs.existsSync(RESTIC);

test.describe('with restic and a password', () => {
  test.skip(!haveRestic, 'set BACKBEAT_RESTIC to restic 0.17 or newer to run these tests');
  const pw = passwordFileIn(sharedFolder('backbeat-e2e-pw-'), 'correct horse battery staple');
  test.use({ hostEnv: { BACKBEAT_RESTIC: RESTIC, BACKBEAT_REPO_PASSWORD_FILE: pw } });

  test('a name that is not UTF-8 is shown with its byte escaped, and found by it', async ({ app }) => {
    const { page, shot } = app;
    const libDir = path.join(app.dataDir, 'audio-lib');
    const lib = makeAudioLibrary(libDir, { tracks: 4, pending: 0, missing: 0 });
    await openLibraryByPath(app, lib.libraryPath);
    const card = page.getByRole('region', { name: 'Audio' });
    // Beside the first track's file: inside a folder proposed from the library.
    const db = new Database(lib.libraryPath, { readonly: true });
    const first = (
      db.prepare('SELECT file_path AS p FROM tracks ORDER BY rowid LIMIT 1').get() as { p: string }
    ).p;
    db.close();
    const root = path.dirname(path.resolve(libDir, first));
    fs.writeFileSync(
      Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from('.flac')]),
      'x',
    );
    const folder = Buffer.concat([Buffer.from(`${root}/Bj`), Buffer.from([0xf6]), Buffer.from('rk')]);
    fs.mkdirSync(folder);
    const song = Buffer.concat([folder, Buffer.from('/song.flac')]);
    fs.writeFileSync(song, 'the song');

    await card.getByRole('button', { name: 'Set up repository...' }).click();
    await card.getByLabel('Repository folder').fill(path.join(app.dataDir, 'repo'));
    await card.getByRole('button', { name: 'Create repository' }).click();
    await card.getByLabel('Snapshot name (optional)').fill('first');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Snapshot created: first/)).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Snapshots' }).click();
    await page.getByRole('button', { name: 'Browse snapshot first' }).click();
    await page.getByLabel('Search files in this snapshot').fill('caf\\xe9');
    const matches = page.getByRole('grid', { name: /Files matching/ });
    const row = matches.getByRole('row', { name: /caf\\xE9\.flac/ });
    await expect(row).toBeVisible();
    await expect(row.locator('.path-cell')).toHaveAttribute(
      'title',
      /caf\\xE9\.flac\nA name in this path is not valid UTF-8/,
    );
    await expect(matches.getByText('\ufffd')).toHaveCount(0);
    await shot('not-utf8-name');

    // Open the folder: the breadcrumbs and the list's name show its byte as \xF6.
    await page.getByLabel('Search files in this snapshot').fill('bj\\xf6rk');
    await expect(matches.getByRole('row', { name: /▸ Bj\\xF6rk/ })).toBeVisible();
    await matches.locator('.grid-body').focus();
    await page.keyboard.press('Enter');
    const inside = page.getByRole('grid', { name: /Files in .*\/Bj\\xF6rk$/ });
    await expect(inside.getByRole('row', { name: /song\.flac/ })).toBeVisible();
    const crumbs = page.getByRole('navigation', { name: 'Folder' });
    await expect(crumbs.locator('[aria-current="location"]')).toHaveText('Bj\\xF6rk');
    await expect(crumbs.getByText('\ufffd')).toHaveCount(0);
    await shot('not-utf8-folder-crumbs');

    // Changed on the disk, ticked and previewed: the path shown as the browser shows it.
    fs.writeFileSync(song, 'changed since');
    await inside.getByRole('checkbox', { name: 'Choose song.flac' }).check();
    await page.getByRole('button', { name: 'Restore...' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore from snapshot first' });
    const planned = dialog.getByRole('list', { name: 'Files' });
    await expect(planned.getByText(`${root}/Bj\\xF6rk/song.flac`)).toBeVisible();
    await expect(dialog.getByText('\ufffd')).toHaveCount(0);
    await shot('not-utf8-restore-preview');
    await dialog.getByRole('button', { name: 'Restore 1 file' }).click();
    await expect(dialog.getByText('Restored 1 file', { exact: false })).toBeVisible();
    expect(fs.readFileSync(song, 'utf8')).toBe('the song');
    const kept = dialog.getByRole('list', { name: 'Kept beside' });
    await expect(kept.getByText(/\/Bj\\xF6rk\/song\.before-restore-\d{8}-\d{6}\.flac$/)).toBeVisible();
    await expect(dialog.getByText('\ufffd')).toHaveCount(0);
    await shot('not-utf8-restore-kept');
  });
});
