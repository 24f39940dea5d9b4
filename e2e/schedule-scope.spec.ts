// The Schedule screen's scope: "Database only" by default, "Database and audio" saved
// into the engine's config; with no repository set up the scheduled run still backs
// up the database and the Status card says why the snapshot was not made.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';

function savedConfig(dataDir: string): { scope?: string; enabled: boolean } {
  const dir = path.join(dataDir, 'schedules');
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.schedule.json'));
  expect(file).toBeTruthy();
  return JSON.parse(fs.readFileSync(path.join(dir, file!), 'utf8')) as { scope?: string; enabled: boolean };
}

test('schedule scope: database only by default; database and audio is saved and a missing repository is said', async ({
  app,
}) => {
  const { page, shot, dataDir } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByRole('link', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();

  const scope = page.getByLabel('What each run stores');
  await expect(scope).toHaveValue('database');
  await scope.selectOption({ label: 'Database and audio (repository snapshot)' });
  await expect(page.getByText(/a snapshot of the database and the audio folders/)).toBeVisible();
  await page.getByRole('switch', { name: 'Back up automatically' }).check();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  expect(savedConfig(dataDir).scope).toBe('database-and-audio');

  // The schedule is on and nothing was backed up yet, so a run starts at once; the demo
  // library has no repository, so its snapshot fails, loudly.
  await expect(
    page.getByText(/The audio snapshot failed: This library has no repository yet/).first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  await page.getByLabel('What each run stores').scrollIntoViewIfNeeded();
  await shot('01-scope-database-and-audio');
  await page.getByText('The audio snapshot has a problem.').scrollIntoViewIfNeeded();
  await shot('02-status-snapshot-failed');

  await page.reload();
  await expect(page.getByLabel('What each run stores')).toHaveValue('database-and-audio');
});
