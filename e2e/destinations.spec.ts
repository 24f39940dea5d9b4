// The Destinations screen and the welcome screen's "Recover from a copy..." against a
// real restic (BACKBEAT_RESTIC): a repository with one snapshot, a folder destination
// added, tested and copied to (its last copy and health change), removal cancelled and
// then confirmed (the copy stays); then, in a fresh app with no library, the library
// recovered from that copy into an empty folder.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect } from './fixtures';
import { passwordFileIn, sharedFolder } from './shared-folder';

const RESTIC = process.env.BACKBEAT_RESTIC ?? '';
const haveRestic = RESTIC !== '' && fs.existsSync(RESTIC);
const SHOTS = '/tmp/dest-ui-shots';

/** The library's tracks with their analysis, to compare a recovered database with the original. */
function trackIds(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT track_id, sonic_features FROM tracks ORDER BY track_id').all();
  } finally {
    db.close();
  }
}

async function look(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test.describe.serial('destinations with restic and a password', () => {
  test.skip(!haveRestic, 'set BACKBEAT_RESTIC to restic 0.17 or newer to run these tests');
  // Outside each test's data folder: the second test recovers from what the first copied.
  const shared = sharedFolder('backbeat-e2e-dest-');
  const pw = passwordFileIn(shared, 'correct horse battery staple');
  const dest = path.join(shared, 'usb-copy');
  const originalLibrary = path.join(shared, 'audio-lib', 'library.db');
  test.use({ hostEnv: { BACKBEAT_RESTIC: RESTIC, BACKBEAT_REPO_PASSWORD_FILE: pw } });

  test('add, test, copy now, remove (cancel first)', async ({ app }) => {
    const { page } = app;
    const lib = makeAudioLibrary(path.join(shared, 'audio-lib'), { tracks: 6, pending: 0, missing: 0 });
    expect(lib.libraryPath).toBe(originalLibrary);
    await openLibraryByPath(app, lib.libraryPath);

    // No repository yet: the screen says why off-machine copies matter and where to start.
    await page.getByRole('link', { name: 'Destinations' }).click();
    await expect(page.getByRole('heading', { name: 'Destinations', level: 1 })).toBeVisible();
    await expect(page.getByText('No copies off this machine yet.')).toBeVisible();
    await expect(page.getByText(/this library has none yet/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add destination...' })).toBeDisabled();
    await look(page, '01-empty-no-repo');

    // A repository and a snapshot, on the Library screen's Audio card.
    await page.getByRole('link', { name: 'Library screen' }).click();
    const card = page.getByRole('region', { name: 'Audio' });
    await card.getByRole('button', { name: 'Set up repository...' }).click();
    await card.getByLabel('Repository folder').fill(path.join(app.dataDir, 'repo'));
    await card.getByRole('button', { name: 'Create repository' }).click();
    await expect(card.getByText('No snapshots yet')).toBeVisible();
    await card.getByLabel('Snapshot name (optional)').fill('first');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Snapshot created: first/)).toBeVisible();

    // Add a folder destination, from the keyboard.
    await page.getByRole('link', { name: 'Destinations' }).click();
    const add = page.getByRole('button', { name: 'Add destination...' });
    await expect(add).toBeEnabled();
    await add.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Add destination' });
    await expect(form.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('usb');
    await page.keyboard.press('Tab');
    await expect(form.getByLabel('Location')).toBeFocused();
    await page.keyboard.type(dest);
    await expect(form.getByLabel('Credentials file (optional)')).toHaveAttribute('type', 'text');
    await look(page, '02-add-form');
    await form.getByRole('button', { name: 'Add destination' }).click();

    const table = page.getByRole('table', { name: 'Destinations' });
    const row = table.getByRole('row', { name: /usb/ }).first();
    await expect(row).toContainText(dest);
    await expect(row).toContainText('Never copied off this machine.');
    await expect(row.getByRole('cell').nth(1)).toHaveText('Never');
    await expect(row.getByRole('cell').nth(2)).toHaveText('Not measured');
    expect(fs.existsSync(path.join(dest, 'config'))).toBe(true);
    await expect(page.getByText('Destination “usb” added; its repository was created.')).toBeVisible();

    // Test: the engine's sentence under the row.
    await table.getByRole('button', { name: 'Test destination usb' }).click();
    await expect(page.getByRole('status', { name: 'Test of usb' })).toHaveText(
      'Destination "usb" is reachable and its repository opens.',
    );
    await look(page, '03-added-tested');

    // Copy now: progress, then what it copied; last copy and health follow.
    await table.getByRole('button', { name: 'Copy now to destination usb' }).click();
    await expect(page.getByText('Copied 1 snapshot to “usb”.')).toBeVisible();
    await expect(row).toContainText('Copied just now.');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/just now|minutes? ago/);
    await expect(table.getByRole('button', { name: 'Copy now to destination usb' })).toBeEnabled();
    // Its size there, measured by the copy.
    await expect(row.getByRole('cell').nth(2)).toHaveText(/^\d+(\.\d+)? (KB|MB)$/);
    await look(page, '04-copied');

    // Check: the destination's repository, 5% of its data read back; health says so.
    await table.getByRole('button', { name: 'Check destination usb' }).click();
    await expect(row).toContainText('Checked just now, 5% of its data read back: no errors.');
    await expect(table.getByRole('button', { name: 'Check destination usb' })).toBeEnabled();
    await look(page, '04b-checked');

    // Again: nothing new to copy.
    await table.getByRole('button', { name: 'Copy now to destination usb' }).click();
    await expect(page.getByText('“usb” already had every snapshot; nothing needed copying.')).toBeVisible();

    // Activity says what each copy did.
    await page.getByRole('link', { name: 'Activity' }).click();
    await expect(page.getByText('Copied 1 snapshot to “usb”.')).toBeVisible();
    await expect(page.getByText('“usb” was up to date.')).toBeVisible();
    await look(page, '05-activity');
    await page.getByRole('link', { name: 'Destinations' }).click();

    // Remove: Cancel has the focus, so Enter keeps the destination.
    await table.getByRole('button', { name: 'Remove destination usb' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove destination “usb”?' });
    await expect(dialog).toContainText('The copy already there is not deleted');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await look(page, '06-remove-dialog');
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(table.getByRole('row', { name: /usb/ })).not.toHaveCount(0);

    await table.getByRole('button', { name: 'Remove destination usb' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('No copies off this machine yet.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Destinations', level: 1 })).toBeFocused();
    await expect(page.getByText('Destination “usb” removed; its copy was left where it is.')).toBeVisible();
    // Forgotten, not deleted: the copy is still there.
    expect(fs.existsSync(path.join(dest, 'config'))).toBe(true);
    expect(fs.readdirSync(path.join(dest, 'snapshots')).length).toBe(1);
    await look(page, '07-removed');
  });

  test('recover from a copy on the welcome screen', async ({ app }) => {
    const { page } = app;
    const into = path.join(shared, 'recovered');
    await expect(page.getByRole('heading', { name: 'Welcome to Backbeat' })).toBeVisible();
    await page.getByRole('button', { name: 'Recover from a copy...' }).click();
    const form = page.getByRole('region', { name: 'Recover from a copy' });
    await expect(form.getByLabel('Recover from')).toBeFocused();
    await form.getByLabel('Recover from').fill(dest);
    await form.getByLabel('Recover into folder').fill(into);
    await look(page, '08-recover-form');
    await form.getByRole('button', { name: 'Recover', exact: true }).click();

    await expect(form.getByText(/Recovered snapshot first from .*: \d+ files?/)).toBeVisible();
    const db = path.join(into, 'library.db');
    await expect(form.getByText(db, { exact: true })).toBeVisible();
    expect(trackIds(db)).toEqual(trackIds(originalLibrary));
    const music = path.join(path.dirname(originalLibrary), 'music');
    await expect(form.getByRole('list', { name: 'Recovered audio folders' })).toContainText(music);
    expect(fs.existsSync(path.join(into, music))).toBe(true);
    await form.getByRole('button', { name: 'Open the recovered library' }).scrollIntoViewIfNeeded();
    await look(page, '09-recovered');

    await form.getByRole('button', { name: 'Open the recovered library' }).click();
    await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
    await expect(page.getByText('library.db').first()).toBeVisible();
  });
});
