// The repository password asked by the app (browser mode, real restic). Browser mode keeps
// no password itself, so the dialog takes a private password file: one is chosen, the
// repository is created with it; then the file's password stops opening the repository,
// the app says so and asks again; a wrong file is refused with a sentence; the same
// button is offered on the Destinations and Snapshots screens, the right file is given on
// the Snapshots screen, and snapshots can run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect } from './fixtures';

const RESTIC = process.env.BACKBEAT_RESTIC ?? '';
const haveRestic = RESTIC !== '' && fs.existsSync(RESTIC);
const RIGHT = 'correct horse battery staple';

test.describe('repository password, browser mode', () => {
  test.skip(!haveRestic, 'set BACKBEAT_RESTIC to restic 0.17 or newer to run these tests');
  test.use({ hostEnv: { BACKBEAT_RESTIC: RESTIC, BACKBEAT_REPO_PASSWORD_FILE: '' } });

  test('choose a password file, then a wrong one and the right one', async ({ app }) => {
    const { page, shot } = app;
    const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-e2e-pw-'));
    const file = (name: string, text: string) => {
      const p = path.join(secrets, name);
      fs.writeFileSync(p, `${text}\n`, { mode: 0o600 });
      return p;
    };
    try {
      const chosen = file('chosen', RIGHT);
      const wrong = file('wrong', 'not the password');
      const right = file('right', RIGHT);
      const libDir = path.join(app.dataDir, 'audio-lib');
      const lib = makeAudioLibrary(libDir, { tracks: 3, pending: 0, missing: 0 });
      await openLibraryByPath(app, lib.libraryPath);

      const card = page.getByRole('region', { name: 'Audio' });
      await expect(card.getByText('Snapshots of the audio cannot run yet.')).toBeVisible();
      await card.getByRole('button', { name: 'Choose password file...' }).click();
      let dialog = page.getByRole('dialog', { name: 'Choose the repository password' });
      await expect(dialog.getByText(/In browser mode Backbeat keeps no passwords itself/)).toBeVisible();
      // Escape cancels, nothing kept.
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await card.getByRole('button', { name: 'Choose password file...' }).click();
      dialog = page.getByRole('dialog', { name: 'Choose the repository password' });
      await dialog.getByRole('button', { name: 'Use this file' }).click();
      await expect(dialog.getByText('Type the full path of the password file.')).toBeVisible();
      await dialog.getByLabel('Password file').fill(chosen);
      await dialog.getByLabel('Password file').press('Enter');
      await expect(dialog).toBeHidden();
      await expect(card.getByText('Snapshots of the audio cannot run yet.')).toBeHidden();

      const repo = path.join(app.dataDir, 'repo');
      await card.getByRole('button', { name: 'Set up repository...' }).click();
      await card.getByLabel('Repository folder').fill(repo);
      await card.getByRole('button', { name: 'Create repository' }).click();
      await expect(card.getByText('No snapshots yet')).toBeVisible();

      // The file now holds another password: the app says the one it has does not open the repository.
      fs.writeFileSync(chosen, 'changed elsewhere\n', { mode: 0o600 });
      await page.reload();
      await expect(
        card.getByText(`The password Backbeat has does not open the repository at ${repo}.`),
      ).toBeVisible();
      await card.getByRole('button', { name: 'Choose password file...' }).click();
      dialog = page.getByRole('dialog', { name: 'Enter the repository password' });
      await expect(dialog.getByText(/does not open the repository at/)).toBeVisible();
      await dialog.getByLabel('Password file').fill(wrong);
      await dialog.getByLabel('Password file').press('Enter');
      await expect(
        dialog.getByText(
          `The password in that file does not open the repository at ${repo}. Check the file and try again.`,
        ),
      ).toBeVisible();
      await expect(dialog.getByText(/not the password/)).toHaveCount(0);
      await shot('repo-password-wrong');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();

      // The same button where the problem is met: the Destinations and Snapshots screens.
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Destinations' }).click();
      await expect(page.getByText('Copies cannot run here yet.')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Add destination...' })).toBeDisabled();
      await shot('repo-password-destinations');
      await page.getByRole('button', { name: 'Choose password file...' }).click();
      dialog = page.getByRole('dialog', { name: 'Enter the repository password' });
      await expect(dialog.getByText(/does not open the repository at/)).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();

      await nav.getByRole('link', { name: 'Snapshots' }).click();
      await expect(page.getByText('Snapshots cannot be read here yet.')).toBeVisible();
      await shot('repo-password-snapshots');
      await page.getByRole('button', { name: 'Choose password file...' }).click();
      dialog = page.getByRole('dialog', { name: 'Enter the repository password' });
      await dialog.getByLabel('Password file').fill(right);
      await dialog.getByRole('button', { name: 'Use this file' }).click();
      await expect(dialog).toBeHidden();
      // Kept: the screen reads the repository at once, and no screen offers the button any more.
      await expect(page.getByText('No snapshots yet.')).toBeVisible();
      await expect(page.getByText('Snapshots cannot be read here yet.')).toBeHidden();
      await expect(page.getByRole('button', { name: 'Choose password file...' })).toHaveCount(0);
      await nav.getByRole('link', { name: 'Destinations' }).click();
      await expect(page.getByText('No copies off this machine yet.')).toBeVisible();
      await expect(page.getByText('Copies cannot run here yet.')).toBeHidden();
      await expect(page.getByRole('button', { name: 'Choose password file...' })).toHaveCount(0);

      await nav.getByRole('link', { name: 'Library' }).click();
      await expect(card.getByText('Snapshots of the audio cannot run yet.')).toBeHidden();
      await expect(card.getByText('No snapshots yet')).toBeVisible();
      await expect(card.getByRole('button', { name: 'Take snapshot' })).toBeEnabled();
      // Only the path was written down, never the password.
      for (const f of fs.readdirSync(app.dataDir).filter((n) => n.endsWith('.json'))) {
        expect(fs.readFileSync(path.join(app.dataDir, f), 'utf8')).not.toContain('horse');
      }
    } finally {
      fs.rmSync(secrets, { recursive: true, force: true });
    }
  });

  // The desktop app's variant (a typed password kept by the keychain) cannot be reached in
  // browser mode, whose host keeps no password: here the host's two answers about the
  // password are stood in for, so only the dialog is tested (the engine's check of a typed
  // password against restic is in electron/engine/secrets/test/password-check.test.ts).
  test('the typed-password dialog: masked, typed twice, Show, wrong then right', async ({ app }) => {
    const { page, shot } = app;
    const lib = makeAudioLibrary(path.join(app.dataDir, 'audio-lib'), { tracks: 2, pending: 0, missing: 0 });
    let kept = false;
    await page.route('**/api/call/getRepositoryReadiness', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { ok: boolean; result: Record<string, unknown> };
      body.result.passwordInput = 'password';
      body.result.password = kept
        ? { ok: true }
        : { ok: false, problem: 'No repository password: enter it in Backbeat (test).' };
      await route.fulfill({ response, json: body });
    });
    const sent: unknown[] = [];
    await page.route('**/api/call/setRepositoryPassword', async (route) => {
      const args = route.request().postDataJSON() as { password?: string };
      sent.push(args);
      if (args.password === RIGHT) {
        kept = true;
        await route.fulfill({ json: { ok: true, result: { keptIn: 'keychain' } } });
      } else {
        const message =
          'That password does not open the repository at /r. Check it (capitals, spaces) and try again.';
        await route.fulfill({ status: 400, json: { ok: false, error: { code: 'bad-arguments', message } } });
      }
    });
    await openLibraryByPath(app, lib.libraryPath);
    const card = page.getByRole('region', { name: 'Audio' });
    await card.getByRole('button', { name: 'Choose repository password...' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose the repository password' });
    const first = dialog.getByLabel('Password', { exact: true });
    const again = dialog.getByLabel('Password again');
    await expect(first).toBeFocused();
    await expect(first).toHaveAttribute('type', 'password');
    await first.fill('not the password');
    await again.fill('not the pasword');
    await again.press('Enter');
    await expect(
      dialog.getByText('The two passwords differ. Type the same password in both fields.'),
    ).toBeVisible();
    expect(sent).toHaveLength(0);
    await dialog.getByLabel('Show passwords').check();
    await expect(first).toHaveAttribute('type', 'text');
    await expect(again).toHaveAttribute('type', 'text');
    await again.fill('not the password');
    await again.press('Enter');
    await expect(dialog.getByText(/That password does not open the repository at \/r\./)).toBeVisible();
    await dialog.getByLabel('Show passwords').uncheck();
    await shot('repo-password-typed-wrong');
    await first.fill(RIGHT);
    await again.fill(RIGHT);
    await dialog.getByRole('button', { name: 'Use this password' }).click();
    await expect(dialog).toBeHidden();
    expect(sent).toEqual([{ password: 'not the password' }, { password: RIGHT }]);
    await expect(card.getByText('Snapshots of the audio cannot run yet.')).toBeHidden();
  });
});
