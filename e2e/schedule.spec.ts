// The Schedule screen: a daily schedule saved with a retention policy (shown in the
// host's words), and the cleanup preview naming the rule that keeps each backup.
import { test, expect, NEWEST_BACKUP_JUST_MADE } from './fixtures';

test('daily schedule, policy in words, cleanup preview', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByText(/Backup created/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
  }
  await expect(page.getByText(NEWEST_BACKUP_JUST_MADE)).toBeVisible();

  await page.getByRole('link', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();
  await page.getByRole('switch', { name: 'Back up automatically' }).check();
  await page.getByLabel('Repeat').selectOption('daily');
  await page.getByLabel('At (HH:MM)').fill('04:30');
  await page.getByLabel('Keep last').fill('1');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(page.getByTestId('policy-text')).toContainText('Keeps the newest backup');
  await expect(page.getByText(/04:30/).first()).toBeVisible();
  await shot('01-saved');

  await page.getByRole('button', { name: 'Preview cleanup' }).click();
  const table = page.getByRole('table', { name: 'Cleanup preview' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(3);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const cells = rows.nth(i).locator('td');
    const decision = (await cells.nth(3).textContent())?.trim();
    const rule = (await cells.nth(4).textContent())?.trim() ?? '';
    if (decision === 'Keep') {
      kept++;
      expect(rule).not.toBe('—');
      expect(rule.length).toBeGreaterThan(0);
    } else {
      expect(decision).toBe('Remove');
    }
  }
  expect(kept).toBeGreaterThan(0);
  await shot('02-preview');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('03-preview-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Clean up now...' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clean up backups now?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot('04-cleanup-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The Library screen shows the health line the schedule's status uses.
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(page.getByText(NEWEST_BACKUP_JUST_MADE)).toBeVisible();
  await shot('05-library');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('06-library-dark');
});

test('weekly schedule: the time is checked, the status warns until the first backup', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByRole('link', { name: 'Schedule' }).click();
  await page.getByRole('switch', { name: 'Back up automatically' }).check();
  await page.getByLabel('Repeat').selectOption('weekly');
  await page.getByLabel('Day').selectOption('monday');
  await page.getByLabel('At (HH:MM)').fill('3:00');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText(/A time must be HH:MM/).first()).toBeVisible();
  await page.getByLabel('At (HH:MM)').fill('03:00');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(page.getByText(/every monday at 03:00/i).first()).toBeVisible();
  // No backup existed when the schedule was saved; the scheduler starts one straight away.
  await expect(
    page
      .getByText('There is no backup yet; backups may not be running.')
      .or(page.getByText(/Newest backup: just now/).first()),
  ).toBeVisible();
  await shot('01-weekly');

  await page.getByRole('link', { name: 'Library' }).click();
  await expect(page.getByText(/backups may not be running|Newest backup/).first()).toBeVisible();
  await shot('02-library-health');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('03-library-health-dark');
});
