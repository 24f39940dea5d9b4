// The Schedule screen's "Backups during rescans": custom tiers are checked as typed,
// saved with the schedule (the engine's config file says so, and a reload shows them
// again), and default / off can be chosen with the keyboard alone.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** The engine's saved schedule configs (one per library), where rescans read their tiers. */
function configFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'schedules');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.schedule.json'));
}

/** The progress tiers the engine saved for the (only) library. */
function savedProgressTiers(dataDir: string): unknown {
  const dir = path.join(dataDir, 'schedules');
  const files = configFiles(dataDir);
  expect(files).toHaveLength(1);
  const config = JSON.parse(fs.readFileSync(path.join(dir, files[0]!), 'utf8')) as {
    progressTiers: unknown;
  };
  return config.progressTiers;
}

async function openSchedule(page: Page) {
  await page.getByRole('link', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();
  const group = page.getByRole('group', { name: 'Backups during rescans' });
  await expect(group).toBeVisible();
  return group;
}

test('rescan backups: custom tiers are validated, saved and shown again; default and off by keyboard', async ({
  app,
}) => {
  const { page, shot, dataDir } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();

  let group = await openSchedule(page);
  // A library without a saved schedule makes no backups during rescans.
  await expect(group.getByTestId('rescan-backups-text')).toHaveText('Saved: Off');
  await expect(group.getByRole('radio', { name: /^Off/ })).toBeChecked();
  await expect(group.getByLabel('Every (frequent)')).toBeHidden();

  await group.getByRole('radio', { name: /^Custom/ }).check();
  const frequent = group.getByLabel('Every (frequent)');
  const moderate = group.getByLabel('Every (moderate)');
  const milestone = group.getByLabel('Every (milestone)');
  // Custom starts from the defaults, so there is something to edit.
  await expect(frequent).toHaveValue('25');
  await expect(moderate).toHaveValue('100');
  await expect(milestone).toHaveValue('500');

  // Bad numbers are named as they are typed, and stop the save.
  await frequent.fill('0');
  await expect(group.getByText('Frequent must be at least 1 (or empty).')).toBeVisible();
  await expect(frequent).toHaveAttribute('aria-invalid', 'true');
  await milestone.fill('2000000');
  await expect(group.getByText('Milestone can be at most 1,000,000.')).toBeVisible();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Some fields need fixing first.')).toBeVisible();
  expect(configFiles(dataDir)).toEqual([]);
  await group.scrollIntoViewIfNeeded();
  await shot('01-invalid');

  // No tier at all is not "custom": the user is pointed at Off instead.
  await frequent.fill('');
  await moderate.fill('');
  await milestone.fill('');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(group.getByText('Give at least one tier a number of tracks, or choose Off.')).toBeVisible();

  await frequent.fill('10');
  await milestone.fill('200');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(group.getByTestId('rescan-backups-text')).toHaveText(
    'Saved: Every 10 (frequent), 200 (milestone) analysed tracks',
  );
  expect(savedProgressTiers(dataDir)).toEqual({ frequent: 10, milestone: 200 });
  await group.scrollIntoViewIfNeeded();
  await shot('02-custom-saved');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('03-custom-saved-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // A fresh screen reads the saved tiers back from the engine.
  await page.reload();
  group = await openSchedule(page);
  await expect(group.getByRole('radio', { name: /^Custom/ })).toBeChecked();
  await expect(group.getByLabel('Every (frequent)')).toHaveValue('10');
  await expect(group.getByLabel('Every (moderate)')).toHaveValue('');
  await expect(group.getByLabel('Every (milestone)')).toHaveValue('200');

  // Keyboard only: arrows move through the choices, Enter on the button saves.
  await group.getByRole('radio', { name: /^Custom/ }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(group.getByRole('radio', { name: /^Off/ })).toBeChecked();
  await expect(group.getByLabel('Every (frequent)')).toBeHidden();
  await page.keyboard.press('ArrowUp');
  await expect(group.getByRole('radio', { name: /^Recommended/ })).toBeChecked();
  await expect(group.getByRole('radio', { name: /^Recommended/ })).toBeFocused();
  await shot('04-default-focused');
  await page.getByRole('button', { name: 'Save schedule' }).press('Enter');
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(group.getByTestId('rescan-backups-text')).toHaveText(
    'Saved: Every 25 (frequent), 100 (moderate), 500 (milestone) analysed tracks',
  );
  expect(savedProgressTiers(dataDir)).toEqual({ frequent: 25, moderate: 100, milestone: 500 });
  await group.scrollIntoViewIfNeeded();
  await shot('05-default-saved');

  await group.getByRole('radio', { name: /^Recommended/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: /^Off/ })).toBeChecked();
  await page.getByRole('button', { name: 'Save schedule' }).press('Enter');
  await expect(group.getByTestId('rescan-backups-text')).toHaveText('Saved: Off');
  expect(savedProgressTiers(dataDir)).toBeNull();
  await page.emulateMedia({ colorScheme: 'dark' });
  await group.scrollIntoViewIfNeeded();
  await shot('06-off-saved-dark');
});
