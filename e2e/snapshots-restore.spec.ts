// Restore and export from the Snapshots screen, and missing files on the Audio card,
// against a real restic (named by BACKBEAT_RESTIC) and a demo library with audio:
// a chosen folder restored into another folder (bytes checked on disk), a changed file
// restored over (the current one kept beside it), the snapshot exported as .tar.gz
// (listed with tar, its SHA-256 file checked), and a deleted track file restored from
// the Audio card with one click.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect, type AppFixture } from './fixtures';
import { passwordFileIn, sharedFolder } from './shared-folder';

const RESTIC = process.env.BACKBEAT_RESTIC ?? '';
const haveRestic = RESTIC !== '' && fs.existsSync(RESTIC);

/** A library whose tracks name their files by absolute path (as real libraries do), a repository and one snapshot "first". */
async function libraryWithSnapshot(app: AppFixture): Promise<{ libraryPath: string; music: string }> {
  const { page } = app;
  const libDir = path.join(app.dataDir, 'audio-lib');
  const lib = makeAudioLibrary(libDir, { tracks: 12, pending: 0, missing: 0 });
  const db = new Database(lib.libraryPath);
  try {
    const rows = db.prepare('SELECT track_id AS id, file_path AS p FROM tracks').all() as {
      id: string;
      p: string;
    }[];
    const set = db.prepare('UPDATE tracks SET file_path = ? WHERE track_id = ?');
    for (const r of rows) set.run(path.resolve(libDir, r.p), r.id);
  } finally {
    db.close();
  }
  await openLibraryByPath(app, lib.libraryPath);
  const card = page.getByRole('region', { name: 'Audio' });
  await card.getByRole('button', { name: 'Set up repository...' }).click();
  await card.getByLabel('Repository folder').fill(path.join(app.dataDir, 'repo'));
  await card.getByRole('button', { name: 'Create repository' }).click();
  await expect(card.getByText('No snapshots yet')).toBeVisible();
  await card.getByLabel('Snapshot name (optional)').fill('first');
  await card.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(card.getByText(/Snapshot created: first/)).toBeVisible();
  return { libraryPath: lib.libraryPath, music: path.join(libDir, 'music') };
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test.describe('with restic and a password', () => {
  test.skip(!haveRestic, 'set BACKBEAT_RESTIC to restic 0.17 or newer to run these tests');
  const pw = passwordFileIn(sharedFolder('backbeat-e2e-pw-'), 'correct horse battery staple');
  test.use({ hostEnv: { BACKBEAT_RESTIC: RESTIC, BACKBEAT_REPO_PASSWORD_FILE: pw } });

  test('restore a folder elsewhere, restore over a changed file, export as .tar.gz', async ({ app }) => {
    const { page, shot } = app;
    const { music } = await libraryWithSnapshot(app);
    const album = path.join(music, 'Secret Meadow', '1971 - Burning');
    const sky = path.join(album, '02 - Sky Heartbeat.flac');
    const skyBytes = fs.readFileSync(sky);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Snapshots' }).click();
    await page.getByRole('button', { name: 'Browse snapshot first' }).click();
    await expect(page.getByRole('heading', { name: 'Files in first' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Restore...' })).toBeDisabled();

    // Choose the album folder from the keyboard: it is the first match, Space ticks it.
    await page.getByLabel('Search files in this snapshot').fill('1971 - Burning');
    const matches = page.getByRole('grid', { name: /Files matching/ });
    await expect(matches.getByRole('row', { name: /▸ 1971 - Burning/ })).toBeVisible();
    await matches.locator('.grid-body').focus();
    await page.keyboard.press('Space');
    await expect(matches.getByRole('checkbox', { name: 'Choose 1971 - Burning' })).toBeChecked();
    await expect(page.getByText('1 folder chosen')).toBeVisible();
    await shot('01-chosen');

    // Restore it into another folder: the preview says 8 new files, then the bytes land there.
    const elsewhere = path.join(app.dataDir, 'restored');
    fs.mkdirSync(elsewhere);
    await page.getByRole('button', { name: 'Restore...' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore from snapshot first' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    // In their original place they are all there unchanged: nothing to write.
    await expect(dialog.getByText('8 left alone (identical)')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Restore', exact: true })).toBeDisabled();
    await dialog.getByLabel('Another folder').check();
    await expect(dialog.getByText('Type the folder to restore into to see what would change.')).toBeVisible();
    await dialog.getByLabel('Folder to restore into').fill(path.join(app.dataDir, 'nowhere'));
    await expect(dialog.getByText(/does not exist\. Create it first\./)).toBeVisible();
    await dialog.getByLabel('Folder to restore into').fill(elsewhere);
    await expect(dialog.getByText('8 new')).toBeVisible();
    await expect(dialog.getByText('0 overwritten (current kept beside)')).toBeVisible();
    await shot('02-restore-preview-elsewhere');
    await dialog.getByRole('button', { name: 'Restore 8 files' }).click();
    await expect(dialog.getByText(`Restored 8 files`, { exact: false })).toBeVisible();
    await expect(dialog.getByText(`below ${elsewhere}.`, { exact: false })).toBeVisible();
    await shot('03-restored-elsewhere');
    expect(fs.readFileSync(path.join(elsewhere, sky))).toEqual(skyBytes);
    expect(fs.readdirSync(path.join(elsewhere, album))).toHaveLength(8);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);

    // Change a file in place (it is a hard link to a shared clip: replace it, never write through),
    // then restore it over the changed one: the changed one is kept beside it.
    const changed = Buffer.concat([skyBytes, Buffer.from('retagged')]);
    fs.rmSync(sky);
    fs.writeFileSync(sky, changed);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Search files in this snapshot').fill('sky heartbeat');
    await page.getByRole('checkbox', { name: 'Choose 02 - Sky Heartbeat.flac' }).check();
    await expect(page.getByText('1 file chosen')).toBeVisible();
    await page.getByRole('button', { name: 'Restore...' }).click();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog.getByText('1 overwritten (current kept beside)')).toBeVisible();
    await expect(dialog.getByRole('list', { name: 'Files' })).toContainText('Overwrite');
    await shot('04-restore-preview-overwrite');
    await dialog.getByRole('button', { name: 'Restore 1 file' }).click();
    await expect(dialog.getByText('Restored 1 file', { exact: false })).toBeVisible();
    const kept = dialog.getByRole('list', { name: 'Kept beside' }).getByRole('listitem');
    await expect(kept).toHaveCount(1);
    await shot('05-restored-over');
    expect(fs.readFileSync(sky)).toEqual(skyBytes);
    const asidePath = (await kept.textContent())!.trim();
    expect(path.dirname(asidePath)).toBe(album);
    expect(path.basename(asidePath)).toMatch(/^02 - Sky Heartbeat\.before-restore-.+\.flac$/);
    expect(fs.readFileSync(asidePath)).toEqual(changed);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Export the whole snapshot as .tar.gz: the archive lists the file; its .sha256 matches.
    const outDir = path.join(app.dataDir, 'out');
    fs.mkdirSync(outDir);
    await page.getByRole('button', { name: 'Export...' }).click();
    const exp = page.getByRole('dialog', { name: 'Export snapshot first' });
    await expect(exp.getByLabel('.tar.gz')).toBeChecked();
    await exp.getByLabel('Archive file').fill(path.join(outDir, 'first'));
    await exp.getByRole('button', { name: 'Export' }).click();
    const archive = path.join(outDir, 'first.tar.gz');
    await expect(exp.getByText('Exported the snapshot', { exact: false })).toBeVisible();
    const hash = sha256(archive);
    await expect(exp.getByText(hash, { exact: true })).toBeVisible();
    await expect(exp.getByText(archive, { exact: true })).toBeVisible();
    await shot('06-exported');
    expect(fs.readFileSync(`${archive}.sha256`, 'utf8')).toBe(`${hash}  first.tar.gz\n`);
    execFileSync('sha256sum', ['-c', 'first.tar.gz.sha256'], { cwd: outDir, stdio: 'pipe' });
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n');
    expect(listed).toContain(sky.slice(1));
    // The archive holds the snapshot's bytes, not the changed file that was on disk meanwhile.
    expect(execFileSync('tar', ['-xzOf', archive, sky.slice(1)])).toEqual(skyBytes);
  });

  test('a missing file on the Audio card, restored with one click', async ({ app }) => {
    const { page, shot } = app;
    const { libraryPath } = await libraryWithSnapshot(app);
    const card = page.getByRole('region', { name: 'Audio' });
    await expect(card.getByText(/Every track’s file is there \(12 tracks checked\)/)).toBeVisible();

    const db = new Database(libraryPath, { readonly: true });
    const gone = db
      .prepare('SELECT track_id AS id, file_path AS p FROM tracks ORDER BY rowid LIMIT 1')
      .get() as {
      id: string;
      p: string;
    };
    db.close();
    const bytes = fs.readFileSync(gone.p);
    fs.rmSync(gone.p);

    await card.getByRole('button', { name: 'Check again' }).click();
    await expect(card.getByText('1 track of 12 has no audio file.')).toBeVisible();
    const item = card.getByRole('list', { name: 'Missing files' }).getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(`Track ${gone.id}`);
    await expect(item).toContainText('in first');
    await expect(card.getByRole('button', { name: 'Restore all missing' })).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await shot('01-missing');

    await item.getByRole('button', { name: `Restore the file of track ${gone.id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore from snapshot first' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog.getByText('1 new')).toBeVisible();
    await shot('02-missing-preview');
    await dialog.getByRole('button', { name: 'Restore 1 file' }).click();
    await expect(dialog.getByText('Restored 1 file', { exact: false })).toBeVisible();
    expect(fs.readFileSync(gone.p)).toEqual(bytes);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(card.getByText(/Every track’s file is there/)).toBeVisible();
    await shot('03-missing-restored');
  });
});
