// A safe rescan of the whole demo library while it runs: progress with the rate and
// the current file from the job's counted progress, then the summary once it stops.
import path from 'node:path';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect } from './fixtures';

test('safe rescan shows its progress, then the summary', async ({ app }) => {
  const { page, shot } = app;
  const lib = makeAudioLibrary(path.join(app.dataDir, 'audio-lib'), { tracks: 16, pending: 8, missing: 0 });
  await openLibraryByPath(app, lib.libraryPath);
  await page.getByRole('link', { name: 'Rescan' }).click();
  await expect(page.getByRole('radio', { name: 'Safe (only tracks without analysis)' })).toBeChecked();
  await expect(page.getByTestId('plan-toAnalyse')).not.toHaveText('0');
  await page.getByLabel('Workers').fill('1');
  await page.getByRole('button', { name: 'Start rescan' }).click();
  const progress = page.getByRole('group', { name: 'Rescan progress' });
  const summary = page.getByRole('region', { name: 'Rescan summary' });
  await expect(progress.or(summary)).toBeVisible();
  if (await progress.isVisible()) await shot('01-running').catch(() => undefined);
  await expect(summary).toBeVisible({ timeout: 600_000 });
  await expect(summary.getByText(/Safety backup/)).toHaveCount(0);
  await shot('02-summary');
});
