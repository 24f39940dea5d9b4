// Verify must fail loudly on a corrupted backup; Delete must ask first, default to
// Cancel, and only delete on an explicit confirmation.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, type AppFixture, NEWEST_BACKUP_JUST_MADE } from './fixtures';

async function demoWithBackup(app: AppFixture, name: string): Promise<void> {
  const { page } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByLabel('Backup name (optional)').fill(name);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(NEWEST_BACKUP_JUST_MADE)).toBeVisible();
  await page.getByRole('link', { name: 'Restore points' }).click();
  await page.getByRole('row', { name: new RegExp(name) }).click();
}

/** Flips one byte in the middle of the only backup's .db.gz, behind the app's back. */
function corruptOnlyBackup(dataDir: string): string {
  const dir = path.join(dataDir, 'demo', 'backbeat-backups');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.db.gz'));
  expect(files).toHaveLength(1);
  const file = path.join(dir, files[0]!);
  const bytes = fs.readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  fs.writeFileSync(file, bytes);
  return file;
}

test('Verify passes on an intact backup and fails with a reason on a corrupted one', async ({ app }) => {
  const { page, shot } = app;
  await demoWithBackup(app, 'nightly');
  const details = page.getByRole('region', { name: 'Restore point details' });

  await details.getByRole('button', { name: 'Verify' }).click();
  await expect(details.getByText(/Verified: the backup file is intact/)).toBeVisible();
  await shot('01-verified');

  corruptOnlyBackup(app.dataDir);
  await details.getByRole('button', { name: 'Verify' }).click();
  const alert = details.getByRole('alert');
  await expect(alert).toContainText('Verification found problems');
  await expect(alert).toContainText(/checksum|sha-?256/i);
  await shot('02-verify-failed');
});

test('Delete asks first, defaults to Cancel, and deletes only when confirmed', async ({ app }) => {
  const { page, shot } = app;
  await demoWithBackup(app, 'keep-me');
  const details = page.getByRole('region', { name: 'Restore point details' });

  await details.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete restore point?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot('01-delete-dialog');

  // Enter on the default button cancels; Escape also cancels. The backup stays.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /keep-me/ })).toBeVisible();
  await details.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /keep-me/ })).toBeVisible();
  const dir = path.join(app.dataDir, 'demo', 'backbeat-backups');
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.db.gz'))).toHaveLength(1);

  await details.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row', { name: /keep-me/ })).toBeHidden();
  // The row may leave the screen a moment before the engine has removed both files.
  await expect.poll(() => fs.readdirSync(dir).filter((f) => f.endsWith('.db.gz')).length).toBe(0);
  await shot('02-deleted');
});
