// The Schedule screen answers "do backups run while Backbeat is closed?" and installs,
// updates and removes the OS timer through the API (the host runs with
// BACKBEAT_OS_TIMER_DRY=1 in a throwaway HOME, so systemctl is never called and the
// system cannot confirm the timer is active: the screen must say so, not "yes").
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';

test('system timer: plain answer, install, update after a schedule change, remove', async ({ app }) => {
  test.skip(app.mode !== 'browser', 'the throwaway HOME is set up for browser mode');
  const { page, shot } = app;
  const unitDir = path.join(app.dataDir, 'home', '.config', 'systemd', 'user');
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByRole('link', { name: 'Schedule' }).click();

  const card = page.getByRole('region', { name: 'While Backbeat is closed' });
  const headline = card.getByTestId('os-timer-headline');
  await expect(headline).toHaveText('No: backups run only while Backbeat is open.');
  await expect(card).toContainText('Save a schedule and switch it on first');
  await expect(card.getByRole('button', { name: 'Install system timer' })).toBeDisabled();
  await expect(card.getByRole('button', { name: 'Remove system timer' })).toBeDisabled();

  await page.getByRole('switch', { name: 'Back up automatically' }).check();
  await page.getByLabel('Repeat').selectOption('daily');
  await page.getByLabel('At (HH:MM)').fill('03:00');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(card).toContainText(
    'Install the system timer to back up on schedule while Backbeat is closed',
  );
  await card.getByRole('button', { name: 'Install system timer' }).click();
  await expect(headline).toHaveText(/^Not known: the system timer is installed/);
  await expect(card.getByRole('status')).toContainText('backbeat-backup.service');
  expect(fs.readFileSync(path.join(unitDir, 'backbeat-backup.timer'), 'utf8')).toContain('03:00');
  await card.scrollIntoViewIfNeeded();
  await shot('01-installed');

  // A new time makes the installed timer stale until it is updated.
  await page.getByLabel('At (HH:MM)').fill('04:30');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(headline).toHaveText(/^Not as scheduled: the system timer has other times/);
  await card.scrollIntoViewIfNeeded();
  await shot('02-stale');
  await card.getByRole('button', { name: 'Update system timer' }).click();
  await expect(headline).toHaveText(/^Not known: the system timer is installed/);
  expect(fs.readFileSync(path.join(unitDir, 'backbeat-backup.timer'), 'utf8')).toContain('04:30');

  await card.getByRole('button', { name: 'Remove system timer' }).click();
  await expect(headline).toHaveText('No: backups run only while Backbeat is open.');
  await expect(card.getByRole('status')).toContainText('Removed');
  expect(fs.existsSync(path.join(unitDir, 'backbeat-backup.timer'))).toBe(false);
  await page.emulateMedia({ colorScheme: 'dark' });
  await card.scrollIntoViewIfNeeded();
  await shot('03-removed-dark');
});
