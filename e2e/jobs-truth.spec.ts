// Jobs that tell the truth (issue 12 §3): a rescan in which tracks failed reads
// "Partly done" or "Failed" in Activity, never "Succeeded"; a rescan none of whose
// audio is found is refused before the YES dialog; the plan after failures says why
// tracks still have no analysis; a cleanup is a job with the space it freed; and a
// library switch shows that the new one is opening, with every action paused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect, type AppFixture } from './fixtures';

const ROOT = path.resolve(__dirname, '..');

function cli(args: string[]): void {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'backbeat.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, BACKBEAT_LIBRARY: '', BACKBEAT_BACKUP_DIR: '' },
  });
  if (run.status !== 0) throw new Error(`backbeat ${args.join(' ')} failed: ${run.stderr}`);
}

async function startSafeRescan({ page }: AppFixture): Promise<void> {
  await page.getByRole('link', { name: 'Rescan' }).click();
  await expect(page.getByRole('heading', { name: 'Rescan', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Safe (only tracks without analysis)' })).toBeChecked();
  await page.getByLabel('Workers').fill('2');
  await expect(page.getByTestId('plan-toAnalyse')).not.toHaveText('0');
  await page.getByRole('button', { name: 'Start rescan' }).click();
}

test('a rescan in which some tracks failed is "Partly done" in Activity, and the plan says why', async ({
  app,
}) => {
  const { page, shot } = app;
  const lib = makeAudioLibrary(path.join(app.dataDir, 'audio-lib'), { tracks: 12, pending: 6, missing: 2 });
  await openLibraryByPath(app, lib.libraryPath);
  await page.getByRole('link', { name: 'Rescan' }).click();
  // The plan says how many files are missing; the scan still goes on.
  await expect(page.getByText('2 of the 6 audio files were not found')).toBeVisible();
  await shot('01-plan-some-missing');
  await startSafeRescan(app);

  const summary = page.getByRole('region', { name: 'Rescan summary' });
  // A real rescan (decoding and analysis): as in rescan.spec.ts, the ceiling only catches a hang.
  await expect(summary).toBeVisible({ timeout: 600_000 });
  await expect(summary.getByText('Partly done: 4 of 6 tracks analysed, 2 failed.')).toBeVisible();
  const report = summary.getByRole('table');
  // Failures are named by artist and title, not by track id.
  const firstFailure = report.getByRole('row').nth(1);
  await expect(firstFailure).toContainText(/\S+ - \S+/);
  await expect(firstFailure).not.toContainText(/[0-9a-f]{32}/);
  await shot('02-summary-partly-done');

  // After it, safe mode has only the failed tracks left, and the plan says so.
  const sentence = page.getByTestId('plan-sentence');
  await expect(sentence).toHaveText(/^2 tracks still have no analysis: the last attempt failed\./);
  await expect(page.getByText('Every track already has analysis.')).toHaveCount(0);
  await shot('03-plan-after-failures');

  await page.getByRole('link', { name: 'Activity' }).click();
  const row = page.locator('.job-row', { hasText: 'Rescan (safe)' });
  await expect(row.locator('.state-badge')).toHaveText('Partly done: 4 of 6 analysed');
  await expect(page.getByText('Succeeded', { exact: true })).toHaveCount(0);
  await shot('04-activity-partly-done');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('05-activity-partly-done-dark');
});

test('a rescan in which every track failed is "Failed" in Activity, with its report', async ({ app }) => {
  const { page, shot } = app;
  const lib = makeAudioLibrary(path.join(app.dataDir, 'audio-lib'), {
    tracks: 8,
    pending: 3,
    missing: 1,
    junk: 2,
  });
  await openLibraryByPath(app, lib.libraryPath);
  await startSafeRescan(app);
  await expect(page.getByText('The rescan failed.')).toBeVisible({ timeout: 600_000 });
  await expect(page.getByText(/None of the 3 tracks could be analysed\. The first: .+ - .+:/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Rescan summary' }).getByRole('table')).toBeVisible();
  await shot('01-all-failed');
  await page.getByRole('link', { name: 'Activity' }).click();
  const row = page.locator('.job-row', { hasText: 'Rescan (safe)' });
  await expect(row.locator('.state-badge')).toHaveText('Failed');
  await shot('02-activity-failed');
});

test('with none of the audio found, a rescan is refused before the YES dialog and makes no backup', async ({
  app,
}) => {
  const { page, shot } = app;
  // The app's demo library has no audio files at all: like an unplugged drive.
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByRole('link', { name: 'Rescan' }).click();
  await page.getByRole('radio', { name: 'Force (re-analyse every track)' }).check();
  const refusal = page.getByRole('alert').filter({ hasText: 'The rescan cannot start.' });
  await expect(refusal).toContainText(
    /None of the [\d,]+ audio files were found \(first: \/music\/.+\)\. Is the drive connected\?/,
  );
  const start = page.getByRole('button', { name: 'Start rescan' });
  await expect(start).toBeDisabled();
  await start.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await shot('01-refused-force');
  await page.getByRole('radio', { name: 'Safe (only tracks without analysis)' }).check();
  await expect(refusal).toContainText(/Is the drive connected\?/);
  await expect(start).toBeDisabled();
  await shot('02-refused-safe');

  await page.getByRole('link', { name: 'Restore points' }).click();
  await expect(page.getByText('No restore points yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText(/Rescan \(/)).toHaveCount(0);
});

test('cleanup runs as a job: progress, an Activity entry and the space freed', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  const library = path.join(app.dataDir, 'demo', 'library.db');
  // Five backups made by the CLI (same default folder beside the library).
  for (let i = 0; i < 5; i++) cli(['backup', '--library', library]);
  await page.getByRole('link', { name: 'Schedule' }).click();
  await page.getByLabel('Keep last').fill('1');
  await page.getByRole('button', { name: 'Clean up now...' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clean up backups now?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: /^Remove \d+ backups?$/ }).click();
  await expect(page.getByText(/^Removed \d+ backups? \([\d.]+ [KM]?B freed\)\.$/)).toBeVisible();
  await shot('01-cleaned');
  await page.getByRole('link', { name: 'Activity' }).click();
  const row = page.locator('.job-row', { hasText: 'Pruning old backups' });
  await expect(row.locator('.state-badge')).toHaveText('Succeeded');
  await expect(row).toContainText(/Removed \d+ backups?, [\d.]+ [KM]?B freed\./);
  await shot('02-activity-cleanup');
});

test('switching libraries shows the new one opening and pauses every action until it is open', async ({
  app,
}) => {
  test.skip(app.mode !== 'browser', 'holds the HTTP call to setLibrary');
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  const other = path.join(app.dataDir, 'other');
  cli(['demo', other, '--tracks', '20']);

  // Hold the switch on the wire, as a big library on a slow drive would.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/call/setLibrary', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Change library...' }).click();
  await page.getByLabel('Library path').fill(path.join(other, 'library.db'));
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  const banner = page.getByRole('status').filter({ hasText: `Opening ${path.join(other, 'library.db')}` });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Actions are paused until it is open.');
  await expect(page.locator('.app')).toHaveAttribute('inert', '');
  // A click on the old library's screen reaches nothing.
  await page.getByRole('button', { name: 'Back up now' }).click({ force: true });
  await shot('01-opening');
  release();
  await expect(banner).toBeHidden();
  await expect(page.locator('.app')).not.toHaveAttribute('inert');
  await expect(page.getByText(path.join(other, 'library.db'))).toBeVisible();
  await shot('02-opened');
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByText('Creating the demo library')).toBeVisible();
  await expect(page.getByText(/Backing up/)).toHaveCount(0);
});

test('verify all with one damaged restore point is "Partly done", never "Succeeded"', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  const library = path.join(app.dataDir, 'demo', 'library.db');
  for (let i = 0; i < 2; i++) cli(['backup', '--library', library]);
  const backups = path.join(app.dataDir, 'demo', 'backbeat-backups');
  const damaged = fs.readdirSync(backups).find((f) => f.endsWith('.db.gz'))!;
  fs.truncateSync(path.join(backups, damaged), Math.floor(fs.statSync(path.join(backups, damaged)).size / 2));

  await page.getByRole('link', { name: 'Restore points' }).click();
  await page.getByRole('button', { name: 'Verify all' }).click();
  await expect(page.getByText('Partly done: 1 of 2 verified: see the marked rows.')).toBeVisible();
  await shot('01-verify-all-partly');
  await page.getByRole('link', { name: 'Activity' }).click();
  const row = page.locator('.job-row', { hasText: 'Verifying every backup' });
  await expect(row.locator('.state-badge')).toHaveText('Partly done: 1 of 2 verified');
  await shot('02-activity-verify-all');
});
