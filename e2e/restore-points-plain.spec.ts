// Safety at the user's fingertips: focus lands on the Library heading when a library
// opens, the two "Change..." buttons have distinct names, stored terms are explained,
// restore points can be searched, unnamed ones show their time (in the one date
// format the app uses), the details panel is compact, and Enter on a row opens it.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';

test('library opens with focus on its heading; restore points are searchable and plain', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  const heading = page.getByRole('heading', { name: 'Library', level: 1 });
  await expect(heading).toBeFocused();

  // Two "Change..." buttons, told apart by their accessible names.
  await expect(page.getByRole('button', { name: 'Change library...' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Change backup folder...' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Change...', exact: true })).toHaveCount(0);

  // Stored terms carry a sentence in plain words.
  await expect(page.getByRole('img', { name: /^Layout [AB]: / })).toHaveCount(1);
  await expect(page.getByRole('img', { name: /^beat3tower: the current analysis format/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^legacy: analysis in an older format/ })).toBeVisible();
  await shot('01-library-focused');

  // One named backup and one without a name.
  await page.getByLabel('Backup name (optional)').fill('before-edit');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/Backup created/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/Backup created/).last()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
  const backupDir = path.join(app.dataDir, 'demo', 'backbeat-backups');
  await expect.poll(() => fs.readdirSync(backupDir).filter((f) => f.endsWith('.json')).length).toBe(2);
  const metas = fs
    .readdirSync(backupDir)
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) =>
        JSON.parse(fs.readFileSync(path.join(backupDir, f), 'utf8')) as { id: string; name: string | null },
    );
  const unnamed = metas.find((m) => m.name === null)!;
  const named = metas.find((m) => m.name === 'before-edit')!;

  await page.getByRole('link', { name: 'Restore points' }).click();
  const grid = page.getByRole('grid', { name: 'Restore points' });
  const rows = grid.getByRole('row').filter({ has: page.getByRole('gridcell') });
  await expect(rows).toHaveCount(2);

  // The unnamed backup is called by its time, in the same format as the Time column.
  const unnamedRow = rows.filter({ hasNotText: 'before-edit' });
  const cells = unnamedRow.getByRole('gridcell');
  const nameText = (await cells.nth(0).textContent())!.trim();
  const timeText = (await cells.nth(1).textContent())!.trim();
  expect(nameText).toBe(timeText);
  expect(nameText).not.toContain(unnamed.id.slice(0, 8));
  expect(timeText).toMatch(/\b20\d\d\b/);

  // Search by name, by trigger (as shown), and by id; no match says so.
  const search = page.getByRole('searchbox', { name: 'Search restore points' });
  await search.fill('before-');
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: '1 of 2 restore points' })).toBeVisible();
  await search.fill('manual');
  await expect(rows).toHaveCount(2);
  await search.fill(unnamed.id);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(timeText);
  await search.fill('no-such-backup');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No restore point matches “no-such-backup”.')).toBeVisible();
  await search.fill('');
  await expect(rows).toHaveCount(2);

  // Compact details: the main facts, with the stored particulars folded away.
  await rows.filter({ hasText: 'before-edit' }).click();
  const details = page.getByRole('region', { name: 'Restore point details' });
  await expect(details.getByRole('heading', { name: 'before-edit' })).toBeVisible();
  await expect(details.getByText(timeText.slice(0, 6), { exact: false }).first()).toBeVisible();
  const fingerprintLabel = details.getByText('Schema fingerprint');
  await expect(fingerprintLabel).toBeHidden();
  await shot('02-restore-points');
  await details.getByText('Technical details').click();
  await expect(fingerprintLabel).toBeVisible();
  await expect(details.getByRole('img', { name: /^Schema fingerprint: a checksum/ })).toBeVisible();
  await expect(details.getByText(named.id)).toBeVisible();
  await shot('03-technical-details');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('04-technical-details-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Keyboard: the selected row opens its restore preview with Enter.
  await rows.filter({ hasText: timeText }).first().click();
  await expect(details.getByRole('heading', { name: timeText })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Restore preview', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(unnamed.id));
});

test('rescan backups: "Recommended" is a choice, the saved one is marked', async ({ app }) => {
  const { page, shot } = app;
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByRole('link', { name: 'Schedule' }).click();
  const group = page.getByRole('group', { name: 'Backups during rescans' });
  await expect(group.getByRole('radio', { name: /^Default/ })).toHaveCount(0);
  await expect(group.getByRole('radio', { name: /^Recommended/ })).toBeVisible();
  // Nothing saved yet: Off is in force, and it is the one marked saved.
  await expect(group.getByRole('radio', { name: /^Off saved/ })).toBeChecked();
  await expect(group.getByRole('radio', { name: /^Recommended saved/ })).toHaveCount(0);
  await expect(group).toContainText('each tier makes a backup every time the count of analysed tracks');
  await group.scrollIntoViewIfNeeded();
  await shot('01-off-saved');
});

test('a library that shows before its open call returns does not pull the user back', async ({ app }) => {
  const { page, mode } = app;
  test.skip(mode !== 'browser', 'holds the HTTP answer back; IPC answers cannot be held');
  // Hold the answer to "create the demo library" until the user has moved on: the
  // library-changed event shows the library first, as it can on a busy machine.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let answered!: () => void;
  const answerDelivered = new Promise<void>((resolve) => (answered = resolve));
  await page.route('**/api/call/createDemoLibrary', async (route) => {
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
    answered();
  });
  await page.getByRole('button', { name: 'Try the demo library' }).click();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await page.getByRole('link', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();
  release();
  await answerDelivered;
  // Let the page handle the answer, then check it is still where the user went.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  await expect(page).toHaveURL(/#\/schedule/);
  await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();
});
