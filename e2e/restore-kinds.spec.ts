// Restore kinds in the app: a checkbox per kind with its count, the sentence that says
// what is kept, the list filtered by kind (cells read "beat3tower becomes none"), a
// restore that erases nothing by default and says what it wrote, then Undo restore with
// its own preview, which puts back exactly what the restore changed.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test, expect, NEWEST_BACKUP_JUST_MADE } from './fixtures';

/** track_id -> sonic_features for the whole library. */
function analysis(libraryPath: string): Map<string, string | null> {
  const db = new Database(libraryPath, { readonly: true });
  try {
    return new Map(
      db.prepare('SELECT track_id, sonic_features FROM tracks').raw().all() as [string, string | null][],
    );
  } finally {
    db.close();
  }
}

/**
 * After the backup: a botched rescan wipes 4 analysed tracks (fills for the restore),
 * and a scan gives 3 pending tracks analysis (the backup would erase it).
 */
function changeAfterBackup(libraryPath: string): { wiped: string[]; analysed: string[] } {
  const db = new Database(libraryPath);
  try {
    const donor = db
      .prepare('SELECT sonic_features FROM tracks WHERE sonic_features IS NOT NULL LIMIT 1')
      .pluck()
      .get() as string;
    const analysed = db
      .prepare('SELECT track_id FROM tracks WHERE sonic_features IS NULL ORDER BY rowid LIMIT 3')
      .pluck()
      .all() as string[];
    const wiped = db
      .prepare('SELECT track_id FROM tracks WHERE sonic_features IS NOT NULL ORDER BY rowid LIMIT 4')
      .pluck()
      .all() as string[];
    const give = db.prepare(
      "UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = '2099-01-01T00:00:00Z' WHERE track_id = ?",
    );
    const wipe = db.prepare(
      'UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL WHERE track_id = ?',
    );
    db.transaction(() => {
      analysed.forEach((id) => give.run(donor, id));
      wiped.forEach((id) => wipe.run(id));
    })();
    return { wiped, analysed };
  } finally {
    db.close();
  }
}

test('restore kinds: checkboxes, kept sentence, filter by kind, undo restore', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  const libraryPath = path.join(app.dataDir, 'demo', 'library.db');
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByLabel('Backup name (optional)').fill('kinds');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(NEWEST_BACKUP_JUST_MADE)).toBeVisible();

  const { wiped, analysed } = changeAfterBackup(libraryPath);
  expect(analysed).toHaveLength(3);
  const beforeRestore = analysis(libraryPath);

  await page
    .getByRole('link', { name: 'Restore points' })
    .or(page.getByRole('button', { name: 'Restore points' }))
    .click();
  await page.getByRole('row', { name: /kinds/ }).click();
  await page.getByRole('button', { name: 'Restore...' }).click();

  const kinds = page.getByRole('group', { name: 'What to restore' });
  await expect(kinds.getByTestId('kind-count-fills')).toHaveText('4');
  await expect(kinds.getByTestId('kind-count-erases')).toHaveText('3');
  await expect(kinds.getByRole('checkbox', { name: /Fills/ })).toBeChecked();
  await expect(kinds.getByRole('checkbox', { name: /Replaces/ })).toBeChecked();
  await expect(kinds.getByRole('checkbox', { name: /Downgrades/ })).not.toBeChecked();
  await expect(kinds.getByRole('checkbox', { name: /Erases/ })).not.toBeChecked();
  await expect(kinds.getByText('3 tracks analysed since this backup keep their analysis.')).toBeVisible();
  const summary = page.getByRole('region', { name: /summary/i });
  await expect(summary.getByTestId('count-toRestore')).toHaveText('4');

  // Ticking erases counts them and says they would lose their analysis; untick again.
  await kinds.getByRole('checkbox', { name: /Erases/ }).check();
  await expect(summary.getByTestId('count-toRestore')).toHaveText('7');
  await expect(
    kinds.getByText('3 tracks will lose their analysis: the backup has none for them.'),
  ).toBeVisible();
  await kinds.getByRole('checkbox', { name: /Erases/ }).uncheck();
  await expect(summary.getByTestId('count-toRestore')).toHaveText('4');

  // The list, filtered by kind: only the 3 erases, marked as kept, read as "becomes".
  await page.getByLabel('Show changes of kind').selectOption('erases');
  await expect(page.getByText('3 of 7 tracks match')).toBeVisible();
  const rows = page.getByRole('row').filter({ has: page.getByRole('cell', { name: /^erases/ }) });
  await expect(rows).toHaveCount(3);
  await expect(rows.first().getByText('kept')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'beat3tower becomes none' }).first()).toBeVisible();
  await shot('kinds-preview-erases');
  await page.getByLabel('Show changes of kind').selectOption('all');
  await expect(page.getByText('7 tracks', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByText(/Restored 4 tracks/)).toBeVisible();
  await expect(page.getByTestId('restore-written')).toContainText(
    'Written: 4 fills. Kept as they were: 3 erases.',
  );
  await shot('kinds-restored');
  const afterRestore = analysis(libraryPath);
  for (const id of analysed) expect(afterRestore.get(id)).not.toBeNull();
  for (const id of wiped) expect(afterRestore.get(id)).not.toBeNull();

  // Undo restore: its own preview, then exactly the library as it was before the restore.
  await page.getByRole('button', { name: 'Undo restore' }).click();
  await expect(page.getByRole('heading', { name: 'Undo restore preview' })).toBeVisible();
  await expect(page.getByText(/Undoing the restore from .*That restore wrote 4 tracks/)).toBeVisible();
  await expect(page.getByRole('region', { name: /summary/i }).getByTestId('count-toRestore')).toHaveText('4');
  await expect(page.getByRole('group', { name: 'What to restore' })).toHaveCount(0);
  await shot('kinds-undo-preview');
  await page.getByRole('button', { name: 'Undo restore' }).click();
  await expect(page.getByText(/Undid the restore: put back 4 tracks/)).toBeVisible();
  await shot('kinds-undone');
  expect(analysis(libraryPath)).toEqual(beforeRestore);
});

test("another library's backup: the preview says so and the restore asks first", async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  const libraryPath = path.join(app.dataDir, 'demo', 'library.db');

  // A backup of another library lands in this library's backup folder.
  const otherDir = path.join(app.dataDir, 'other');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'backbeat.js'), ...args], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
  cli(['demo', otherDir, '--tracks', '40']);
  const other = new Database(path.join(otherDir, 'library.db'));
  // The same generator: its first 10 tracks are this library's, with other analysis; the
  // other 30 are its own.
  other.exec(`UPDATE tracks SET sonic_features = (SELECT sonic_features FROM tracks WHERE rowid = 20),
                                 sonic_features_updated_at = '2020-01-01T00:00:00Z' WHERE rowid <= 10;
              UPDATE tracks SET track_id = 'other-' || track_id, file_path = '/elsewhere' || file_path
               WHERE rowid > 10;`);
  other.close();
  cli(['backup', '--name', 'theirs', '--backup-dir', path.join(app.dataDir, 'demo', 'backbeat-backups')], {
    BACKBEAT_LIBRARY: path.join(otherDir, 'library.db'),
  });
  const before = analysis(libraryPath);

  await page
    .getByRole('link', { name: 'Restore points' })
    .or(page.getByRole('button', { name: 'Restore points' }))
    .click();
  await page.getByRole('row', { name: /theirs/ }).click();
  await page.getByRole('button', { name: 'Restore...' }).click();
  await expect(page.getByText('This looks like another library’s backup.')).toBeVisible();
  await expect(page.getByText(/only 10 of its 40 tracks match tracks of this library/).first()).toBeVisible();
  await shot('other-library-preview');

  // Restore asks first, Cancel has the focus and changes nothing.
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore from another library’s backup?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot('other-library-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(analysis(libraryPath)).toEqual(before);

  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await dialog.getByRole('button', { name: 'Restore anyway' }).click();
  await expect(page.getByText(/Restored \d+ tracks?\./)).toBeVisible();
  expect(analysis(libraryPath)).not.toEqual(before);
});
