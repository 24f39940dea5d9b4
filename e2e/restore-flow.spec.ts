// The main user journey over the real UI and engine: demo library, Back up now with a
// name, the restore point's metadata, a change behind the app's back, the restore
// preview counting exactly those tracks, the restore, and the restored counts.
import Database from 'better-sqlite3';
import path from 'node:path';
import { test, expect, NEWEST_BACKUP_JUST_MADE } from './fixtures';

/** What a botched rescan does behind Backbeat's back: these tracks lose their analysis. */
function damageAnalysis(libraryPath: string, count: number): number {
  const db = new Database(libraryPath);
  try {
    const ids = db
      .prepare('SELECT track_id FROM tracks WHERE sonic_features IS NOT NULL ORDER BY track_id LIMIT ?')
      .all(count) as { track_id: string }[];
    const update = db.prepare(
      'UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL WHERE track_id = ?',
    );
    db.transaction(() => ids.forEach((r) => update.run(r.track_id)))();
    return ids.length;
  } finally {
    db.close();
  }
}

function analysedCount(libraryPath: string): number {
  const db = new Database(libraryPath, { readonly: true });
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM tracks WHERE sonic_features IS NOT NULL').get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

test('demo library, named backup, preview of a damaged library, restore', async ({ app }) => {
  const { page, shot } = app;
  await expect(page.getByRole('button', { name: 'Try the demo library' })).toBeVisible();
  await shot('01-welcome');
  await page.getByRole('button', { name: 'Try the demo library' }).click();

  const libraryPath = path.join(app.dataDir, 'demo', 'library.db');
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  const analysedBefore = analysedCount(libraryPath);
  await expect(page.getByText(libraryPath).first()).toBeVisible();
  await shot('02-library');

  await page.getByLabel('Backup name (optional)').fill('before-rescan');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(NEWEST_BACKUP_JUST_MADE)).toBeVisible();

  await page
    .getByRole('link', { name: 'Restore points' })
    .or(page.getByRole('button', { name: 'Restore points' }))
    .click();
  const row = page.getByRole('row', { name: /before-rescan/ });
  await expect(row).toBeVisible();
  await row.click();
  const details = page.getByRole('region', { name: /details/i });
  await expect(details.getByText('manual')).toBeVisible();
  // The library path is one of the particulars folded under "Technical details".
  await details.getByText('Technical details').click();
  await expect(details.getByText(libraryPath)).toBeVisible();
  await shot('03-restore-points');

  const damaged = damageAnalysis(libraryPath, 37);
  expect(damaged).toBe(37);

  await page.getByRole('button', { name: 'Restore...' }).click();
  const summary = page.getByRole('region', { name: /summary/i });
  await expect(summary.getByText('To restore')).toBeVisible();
  await expect(summary.getByTestId('count-toRestore')).toHaveText('37');
  await expect(summary.getByTestId('count-libraryOnly')).toHaveText('0');
  await shot('04-preview');

  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByText(/Restored 37 tracks/)).toBeVisible();
  await shot('05-restored');
  expect(analysedCount(libraryPath)).toBe(analysedBefore);

  await page
    .getByRole('link', { name: 'Library' })
    .or(page.getByRole('button', { name: 'Library' }))
    .click();
  await expect(page.getByTestId('stat-analyzed')).toHaveText(analysedBefore.toLocaleString('en-US'));
  await shot('06-library-after');
});
