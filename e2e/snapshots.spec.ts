// The Audio card and the Snapshots screen against a real restic (0.17+, named by
// BACKBEAT_RESTIC) and a demo library with audio: set up a repository, keep one kind
// of file out, take a snapshot, see "unchanged" when nothing changed, change a file,
// take another, browse one by search and by keyboard, and compare the two.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeAudioLibrary, openLibraryByPath } from './audio-library';
import { test, expect } from './fixtures';
import { passwordFileIn, sharedFolder } from './shared-folder';

const RESTIC = process.env.BACKBEAT_RESTIC ?? '';
const haveRestic = RESTIC !== '' && fs.existsSync(RESTIC);

test.describe('with restic and a password', () => {
  test.skip(!haveRestic, 'set BACKBEAT_RESTIC to restic 0.17 or newer to run these tests');
  const pw = passwordFileIn(sharedFolder('backbeat-e2e-pw-'), 'correct horse battery staple');
  test.use({ hostEnv: { BACKBEAT_RESTIC: RESTIC, BACKBEAT_REPO_PASSWORD_FILE: pw } });

  test('set up, snapshot, unchanged, change a file, browse, compare', async ({ app }) => {
    const { page, shot } = app;
    const libDir = path.join(app.dataDir, 'audio-lib');
    const lib = makeAudioLibrary(libDir, { tracks: 12, pending: 0, missing: 0 });
    const music = path.join(libDir, 'music');
    await openLibraryByPath(app, lib.libraryPath);

    const card = page.getByRole('region', { name: 'Audio' });
    await expect(card.getByText('No repository yet')).toBeVisible();
    // Proposed from the library's own (relative) file paths.
    const folders = card.getByRole('list', { name: 'Audio folders' });
    await expect(folders.getByText(path.join(music, 'Secret Meadow'))).toBeVisible();
    await expect(card.getByText(/Proposed from the folders that hold the library/)).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await shot('01-audio-card-new');

    // Set up: the suggested folder is beside the library; use one of our own.
    const repo = path.join(app.dataDir, 'repo');
    await card.getByRole('button', { name: 'Set up repository...' }).click();
    await expect(card.getByLabel('Repository folder')).toHaveValue(path.join(libDir, 'backbeat-repository'));
    await card.getByLabel('Repository folder').fill(repo);
    await card.getByRole('button', { name: 'Create repository' }).click();
    await expect(card.getByText(repo, { exact: true })).toBeVisible();
    expect(fs.existsSync(path.join(repo, 'config'))).toBe(true);
    await expect(card.getByText('No snapshots yet')).toBeVisible();

    // Keep .m4a files out of snapshots (gitignore style).
    await card.getByRole('button', { name: 'Excludes...' }).click();
    await card.getByLabel(/Leave out/).fill('*.m4a');
    await card.getByRole('button', { name: 'Save excludes' }).click();
    await expect(card.getByText('Leaves out: *.m4a')).toBeVisible();
    await expect(card.getByText(/The folders each snapshot stores/)).toBeVisible();

    await card.getByLabel('Snapshot name (optional)').fill('first');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Snapshot created: first — \d+ new files?/)).toBeVisible();
    await expect(card.getByText(/Newest snapshot: just now · 1 snapshot$/)).toBeVisible();
    await expect(card.getByRole('button', { name: 'Take snapshot' })).toBeEnabled();
    await card.scrollIntoViewIfNeeded();
    await shot('02-first-snapshot');

    // Nothing changed: no new snapshot.
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Nothing changed since the newest snapshot/)).toBeVisible();
    await expect(card.getByText(/· 1 snapshot$/)).toBeVisible();

    // Change one file (the demo's files are hard links to shared clips: replace, never write through)
    // and add one.
    const changed = path.join(music, 'Secret Meadow', '1971 - Burning', '02 - Sky Heartbeat.flac');
    const before = fs.readFileSync(changed);
    fs.rmSync(changed);
    fs.writeFileSync(changed, Buffer.concat([before, Buffer.from('retagged')]));
    const added = path.join(music, 'Secret Meadow', '1971 - Burning', '09 - Bonus.mp3');
    fs.writeFileSync(added, Buffer.alloc(5000, 7));
    await card.getByLabel('Snapshot name (optional)').fill('second');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(card.getByText(/Snapshot created: second — 1 new file, \d+ changed files?/)).toBeVisible();
    await expect(card.getByText(/· 2 snapshots$/)).toBeVisible();

    // The Snapshots screen, from the card's link: both listed, newest first.
    await card.getByRole('link', { name: 'Browse snapshots' }).click();
    await expect(page.getByRole('heading', { name: 'Snapshots', level: 1 })).toBeVisible();
    const table = page.getByRole('table', { name: 'Snapshots, newest first' });
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('second');
    await expect(rows.nth(1)).toContainText('first');
    await expect(rows.nth(0).locator('td').nth(3)).toHaveText('1');
    await shot('03-snapshots-list');

    // Browse "first" from the keyboard: its button takes focus, Enter opens it.
    await table.getByRole('button', { name: 'Browse snapshot first' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Files in first' })).toBeVisible();
    const search = page.getByLabel('Search files in this snapshot');
    await search.fill('sky heartbeat');
    const files = page.getByRole('grid', { name: /Files matching/ });
    await expect(files.getByRole('row', { name: /02 - Sky Heartbeat\.flac/ })).toBeVisible();
    await expect(page.getByText('1 matching')).toBeVisible();
    await shot('04-search');
    // The excluded kind is not in the snapshot.
    await search.fill('.m4a');
    await expect(page.getByText('No file in this snapshot matches.')).toBeVisible();

    // Search for the album folder, then open it with Enter on the focused list.
    await search.fill('1971 - Burning');
    const folderRow = page
      .getByRole('grid', { name: /Files matching/ })
      .getByRole('row', { name: /▸ .*1971 - Burning/ });
    await expect(folderRow).toBeVisible();
    await folderRow.click();
    await page
      .getByRole('grid', { name: /Files matching/ })
      .locator('.grid-body')
      .focus();
    await page.keyboard.press('Enter');
    const album = page.getByRole('grid', { name: /Files in .*1971 - Burning$/ });
    await expect(album.getByRole('row', { name: /01 - When the Morning Comes\.flac/ })).toBeVisible();
    await expect(album.getByRole('row', { name: /09 - Bonus\.mp3/ })).toHaveCount(0);
    await expect(page.getByText('8 in this folder')).toBeVisible();
    await shot('05-browse-album');

    // Compare first with second.
    const fromSelect = page.getByLabel('Compare', { exact: true });
    const firstId = await fromSelect.locator('option', { hasText: /^first · / }).getAttribute('value');
    await fromSelect.selectOption(firstId!);
    await expect(page.getByLabel('with', { exact: true })).toHaveValue(
      (await page
        .getByLabel('with', { exact: true })
        .locator('option', { hasText: /^second · / })
        .getAttribute('value'))!,
    );
    await page.getByRole('button', { name: 'Show differences' }).click();
    await expect(page.getByRole('heading', { name: 'From first to second' })).toBeVisible();
    await expect(page.getByText(/^1 added \(5\.0 KB\) · 0 removed/)).toBeVisible();
    const diff = page.getByRole('grid', { name: 'Changed files' });
    await expect(diff.getByRole('row', { name: /Added .*09 - Bonus\.mp3/ })).toBeVisible();
    await expect(
      diff.getByRole('row', { name: /Changed .*02 - Sky Heartbeat\.flac.* 882 KB \+8 B/ }),
    ).toBeVisible();
    await shot('06-diff');
  });

  test('a repository another password made: a plain sentence, nothing saved', async ({ app }) => {
    const { page, shot } = app;
    const lib = makeAudioLibrary(path.join(app.dataDir, 'audio-lib'), { tracks: 4, pending: 0, missing: 0 });
    const repo = path.join(app.dataDir, 'their-repo');
    execFileSync(RESTIC, ['init', '--repo', repo], { env: { ...process.env, RESTIC_PASSWORD: 'not ours' } });
    await openLibraryByPath(app, lib.libraryPath);
    const card = page.getByRole('region', { name: 'Audio' });
    await card.getByRole('button', { name: 'Set up repository...' }).click();
    await card.getByLabel('Repository folder').fill(repo);
    await card.getByRole('button', { name: 'Create repository' }).click();
    await expect(
      card.getByText(`Wrong password for the repository at ${repo}. Nothing was changed.`),
    ).toBeVisible();
    await expect(card.getByText('No repository yet')).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await shot('01-wrong-password');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Snapshots' }).click();
    await expect(page.getByText('This library has no repository yet.')).toBeVisible();
  });
});

test.describe('without restic or a password', () => {
  test.use({ hostEnv: { BACKBEAT_RESTIC: '/nonexistent/restic', BACKBEAT_REPO_PASSWORD_FILE: '' } });

  test('the Audio card and Snapshots screen say what to do', async ({ app }) => {
    const { page, shot } = app;
    await page.getByRole('button', { name: 'Try the demo library' }).click();
    await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
    const card = page.getByRole('region', { name: 'Audio' });
    await expect(card.getByText('Snapshots of the audio cannot run yet.')).toBeVisible();
    await expect(
      card.getByText('restic was not found at /nonexistent/restic (from BACKBEAT_RESTIC).', { exact: false }),
    ).toBeVisible();
    await expect(card.getByText(/No repository password: set BACKBEAT_REPO_PASSWORD_FILE/)).toBeVisible();
    await expect(card.getByRole('button', { name: 'Set up repository...' })).toBeDisabled();
    await card.scrollIntoViewIfNeeded();
    await shot('01-not-ready');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Snapshots' }).click();
    await expect(page.getByText('Snapshots cannot be read here yet.')).toBeVisible();
    await expect(page.getByText(/No repository password/)).toBeVisible();
    await shot('02-snapshots-not-ready');
  });
});
