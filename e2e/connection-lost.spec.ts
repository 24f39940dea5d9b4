// Browser mode: when `backbeat serve` goes away, a banner says so at once (no click
// needed), and the page refused for a missing token is styled and readable in dark mode.
import path from 'node:path';
import { ARTIFACTS, test, expect } from './fixtures';

test('a lost host shows a banner at once', async ({ app }) => {
  test.skip(app.mode !== 'browser', 'only browser mode has a host that can go away');
  const { page, shot } = app;
  await expect(page.getByRole('button', { name: 'Try the demo library' })).toBeVisible();
  const banner = page.getByRole('alert').filter({ hasText: 'Backbeat is not reachable.' });
  await expect(banner).toHaveCount(0);
  await app.stopHost();
  // No click, no navigation: the event stream's close alone must bring the banner up. "At
  // once" means without any action of the user's, not within some number of seconds: nothing
  // else on this idle page calls the host, so without that signal the banner never shows and
  // this wait fails at the hang-only ceiling (playwright.config.ts) whatever the machine's pace.
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('backbeat serve');
  await shot('01-lost');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('02-lost-dark');
});

test('the refused-token page is styled and readable in dark mode', async ({ app }) => {
  test.skip(app.mode !== 'browser', 'only browser mode has a token');
  const { page, shot } = app;
  const origin = new URL(app.url!).origin;
  const context = await page.context().browser()!.newContext({ colorScheme: 'dark' });
  try {
    const refused = await context.newPage();
    const response = await refused.goto(`${origin}/`);
    expect(response?.status()).toBe(403);
    await expect(refused.getByRole('heading', { name: 'Backbeat needs its token' })).toBeVisible();
    // Dark page, light text (the page's own colours), not the browser's default black on white.
    await expect(refused.locator('body')).toHaveCSS('background-color', 'rgb(22, 24, 29)');
    await expect(refused.locator('p').first()).toHaveCSS('color', 'rgb(232, 234, 239)');
    await refused.screenshot({ path: path.join(ARTIFACTS, 'refused-token-dark.png') });
    await refused.emulateMedia({ colorScheme: 'light' });
    await expect(refused.locator('body')).toHaveCSS('background-color', 'rgb(244, 245, 247)');
    await expect(refused.locator('p').first()).toHaveCSS('color', 'rgb(29, 35, 48)');
    await refused.screenshot({ path: path.join(ARTIFACTS, 'refused-token-light.png') });
  } finally {
    await context.close();
  }
  await shot('03-app-still-fine');
});
