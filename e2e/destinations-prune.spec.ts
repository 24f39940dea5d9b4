// The Destinations screen's Schedule... and Prune... against a real restic
// (BACKBEAT_RESTIC), browser mode, a folder destination: its own copy schedule set and
// shown in its row; a prune previewed by restic's dry run (what goes, what stays and
// why), Cancel with the focus so Enter keeps everything, a bad policy said in a
// sentence, then applied: one snapshot fewer there, nothing changed locally.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect } from './fixtures';
import { passwordFileIn, sharedFolder } from './shared-folder';

const RESTIC = process.env.BACKBEAT_RESTIC ?? '';
const haveRestic = RESTIC !== '' && fs.existsSync(RESTIC);
const SHOTS = '/tmp/dest-ui-shots';

async function look(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test.describe('destination schedule and prune', () => {
  test.skip(!haveRestic, 'set BACKBEAT_RESTIC to restic 0.17 or newer to run these tests');
  const shared = sharedFolder('backbeat-e2e-dest-prune-');
  const pw = passwordFileIn(shared, 'correct horse battery staple');
  const dest = path.join(shared, 'usb-copy');
  test.use({ hostEnv: { BACKBEAT_RESTIC: RESTIC, BACKBEAT_REPO_PASSWORD_FILE: pw } });

  test('schedule, then prune with a preview that defaults to Cancel', async ({ app }) => {
    const { page } = app;
    const libDir = path.join(shared, 'audio-lib');
    const lib = makeAudioLibrary(libDir, { tracks: 4, pending: 0, missing: 0 });
    await openLibraryByPath(app, lib.libraryPath);

    // A repository with two snapshots (the audio changed between them).
    const card = page.getByRole('region', { name: 'Audio' });
    await card.getByRole('button', { name: 'Set up repository...' }).click();
    await card.getByLabel('Repository folder').fill(path.join(app.dataDir, 'repo'));
    await card.getByRole('button', { name: 'Create repository' }).click();
    await card.getByLabel('Snapshot name (optional)').fill('first');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Snapshot created: first/)).toBeVisible();
    // A new file beside an existing track, so it is inside the audio folder the repository keeps.
    const track = fs
      .readdirSync(path.join(libDir, 'music'), { recursive: true, withFileTypes: true })
      .find((e) => e.isFile());
    if (!track) throw new Error('the demo library has no audio file');
    fs.writeFileSync(path.join(track.parentPath, 'new track.mp3'), Buffer.alloc(64 * 1024, 7));
    await card.getByLabel('Snapshot name (optional)').fill('second');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Snapshot created: second/)).toBeVisible();

    await page.getByRole('link', { name: 'Destinations' }).click();
    await page.getByRole('button', { name: 'Add destination...' }).click();
    const form = page.getByRole('form', { name: 'Add destination' });
    await form.getByLabel('Name').fill('usb');
    await form.getByLabel('Location').fill(dest);
    await form.getByRole('button', { name: 'Add destination' }).click();
    const table = page.getByRole('table', { name: 'Destinations' });
    const row = table.getByRole('row', { name: /usb/ }).first();
    await table.getByRole('button', { name: 'Copy now to destination usb' }).click();
    await expect(page.getByText('Copied 2 snapshots to “usb”.')).toBeVisible();
    expect(fs.readdirSync(path.join(dest, 'snapshots')).length).toBe(2);

    // Its own copy schedule.
    await table.getByRole('button', { name: 'Copy schedule of destination usb' }).click();
    const sched = page.getByRole('dialog', { name: 'Copy schedule of “usb”' });
    await expect(sched.getByLabel('Copy to it')).toBeFocused();
    await sched.getByLabel('Copy to it').selectOption({ label: 'Every 6 hours' });
    await look(page, '10-schedule-dialog');
    await sched.getByRole('button', { name: 'Save' }).click();
    await expect(sched).toHaveCount(0);
    await expect(row.getByRole('cell').nth(1)).toContainText('Every 6 hours');
    await expect(page.getByText('“usb” is copied every 6 hours.')).toBeVisible();

    // Prune: Cancel has the focus; a bad policy is a sentence; the preview changes nothing.
    await table.getByRole('button', { name: 'Prune destination usb' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prune destination “usb”' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await dialog.getByLabel('Keep').fill('frequent=3');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByText(/progress tiers .* keep-last, hourly/)).toBeVisible();
    await dialog.getByLabel('Keep').fill('keep-last=1');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByText('Would remove 1 snapshot, keep 1.')).toBeVisible();
    await expect(dialog.getByRole('region', { name: 'Kept' })).toContainText('last snapshot');
    await expect(dialog.getByRole('region', { name: 'Would remove' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    await look(page, '11-prune-preview');
    await dialog.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    expect(fs.readdirSync(path.join(dest, 'snapshots')).length).toBe(2);

    // Applied: one snapshot fewer there; the local repository keeps both.
    await table.getByRole('button', { name: 'Prune destination usb' }).click();
    await dialog.getByLabel('Keep').fill('keep-last=1');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByRole('button', { name: 'Remove 1 snapshot' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('Removed 1 snapshot from “usb”; its unused data was pruned.')).toBeVisible();
    expect(fs.readdirSync(path.join(dest, 'snapshots')).length).toBe(1);
    expect(fs.readdirSync(path.join(app.dataDir, 'repo', 'snapshots')).length).toBe(2);
    await look(page, '12-pruned');

    // Activity lists both prune jobs.
    await page.getByRole('link', { name: 'Activity' }).click();
    await expect(page.getByText('Prune of destination "usb"').first()).toBeVisible();
  });
});
