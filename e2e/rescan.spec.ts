// The Rescan screen on a demo library with audio: force mode's typed confirmation
// (exactly "YES"), Escape starting nothing, and a confirmed force rescan making its
// safety backup first. Three tracks' audio files are missing, so those analyses fail
// with "file not found", which is what the failure report shows.
import path from 'node:path';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect, type AppFixture } from './fixtures';

async function openDemoRescan(app: AppFixture): Promise<void> {
  const { page } = app;
  const lib = makeAudioLibrary(path.join(app.dataDir, 'audio-lib'), { tracks: 12, pending: 3, missing: 3 });
  await openLibraryByPath(app, lib.libraryPath);
  await page.getByRole('link', { name: 'Rescan' }).click();
  await expect(page.getByRole('heading', { name: 'Rescan', level: 1 })).toBeVisible();
  await page.getByRole('radio', { name: 'Force (re-analyse every track)' }).check();
  await expect(page.getByText(/would be overwritten/)).toBeVisible();
}

async function restorePointRows(app: AppFixture) {
  await app.page.getByRole('link', { name: 'Restore points' }).click();
  await expect(app.page.getByRole('heading', { name: 'Restore points', level: 1 })).toBeVisible();
  return app.page.getByRole('row', { name: /Before rescan/ });
}

test('force rescan asks for exactly YES; Escape starts nothing', async ({ app }) => {
  const { page, shot } = app;
  await openDemoRescan(app);
  await expect(page.getByRole('radio', { name: 'Safe (only tracks without analysis)' })).not.toBeChecked();
  await shot('01-force-plan');

  await page.getByRole('button', { name: 'Start rescan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Force rescan?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/would be overwritten|will be overwritten/)).toBeVisible();
  await expect(dialog.getByText(/automatic backup/i)).toBeVisible();
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  const confirm = dialog.getByRole('button', { name: 'Re-analyse all tracks' });
  const field = dialog.getByLabel('Type YES to confirm');
  await expect(cancel).toBeFocused();
  await expect(confirm).toBeDisabled();
  await shot('02-dialog-empty');

  await field.fill('yes');
  await expect(confirm).toBeDisabled();
  await field.press('Enter');
  await expect(dialog).toBeVisible();
  await field.fill(' YES ');
  await expect(confirm).toBeDisabled();
  await field.fill('YES');
  await expect(confirm).toBeEnabled();
  await shot('03-dialog-yes');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('04-dialog-yes-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Start rescan' })).toBeEnabled();
  await expect(page.getByText('Rescan summary')).toBeHidden();
  await expect(page.getByRole('group', { name: 'Rescan progress' })).toBeHidden();

  const rows = await restorePointRows(app);
  // The demo starts without restore points, and a cancelled dialog must not make one.
  await expect(page.getByText('No restore points yet.')).toBeVisible();
  await expect(rows).toHaveCount(0);
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText(/Rescan \(force\)/)).toHaveCount(0);
});

test('confirmed force rescan backs up first and reports the failures', async ({ app }) => {
  const { page, shot } = app;
  await openDemoRescan(app);
  await page.getByLabel('Limit').fill('25');
  await page.getByRole('button', { name: 'Start rescan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Force rescan?' });
  await dialog.getByLabel('Type YES to confirm').fill('YES');
  await dialog.getByRole('button', { name: 'Re-analyse all tracks' }).click();
  await expect(dialog).toBeHidden();

  const summary = page.getByRole('region', { name: 'Rescan summary' });
  await expect(summary).toBeVisible({ timeout: 600_000 });
  await expect(summary.getByText(/Safety backup made before the rescan/)).toBeVisible();
  await expect(summary.getByTestId('rescan-failed')).not.toHaveText('0');
  const report = summary.getByRole('table');
  await expect(report).toBeVisible();
  await expect(report.getByRole('row').nth(1)).toContainText(/not found/i);
  await shot('05-summary');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('06-summary-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const rows = await restorePointRows(app);
  await expect(rows).toHaveCount(1);
  await shot('07-restore-points');
});
