// UI targets of the desktop-app issue, over the real engine, host and renderer in
// Debian's Chromium: the restore-points screen with 1,000 restore points must be usable
// within 1 s of opening, and a 30,000-track preview list must scroll without stalls.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { createDemoLibrary } from '../electron/engine/demo/demo';
import { createBackup } from '../electron/engine/backup/backup';
import { silentContext } from '../electron/engine/runtime/progress';
import { createBackbeatService } from '../electron/engine/app/service';
import { startBrowserHost } from '../electron/host/server';
import type { BenchRow } from './table';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');

/** Copies one real backup 999 times under new ids, as a year of frequent backups would leave. */
function cloneBackups(backupDir: string, id: string, count: number): void {
  const meta = JSON.parse(fs.readFileSync(path.join(backupDir, `${id}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  const base = Date.parse(meta.createdAt as string);
  for (let i = 1; i < count; i++) {
    const at = new Date(base - i * 3_600_000);
    const newId = `${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-000-c${String(i).padStart(5, '0')}`;
    fs.copyFileSync(path.join(backupDir, `${id}.db.gz`), path.join(backupDir, `${newId}.db.gz`));
    const copy = { ...meta, id: newId, name: null, createdAt: at.toISOString() };
    fs.writeFileSync(path.join(backupDir, `${newId}.json`), JSON.stringify(copy));
  }
}

/** What the page-side probe keeps on the page's global object (this file has no DOM types). */
interface FrameProbe {
  __gap: number;
  __last: number;
  __run: boolean;
  requestAnimationFrame(cb: (t: number) => void): number;
}

/** Longest gap between animation frames while `action` runs, in ms. */
async function maxFrameGap(page: Page, action: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = globalThis as unknown as FrameProbe;
    w.__gap = 0;
    w.__last = performance.now();
    w.__run = true;
    const tick = (t: number): void => {
      w.__gap = Math.max(w.__gap, t - w.__last);
      w.__last = t;
      if (w.__run) w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });
  await action();
  return page.evaluate(() => {
    const w = globalThis as unknown as FrameProbe;
    w.__run = false;
    return w.__gap;
  });
}

export async function run(work: string): Promise<BenchRow[]> {
  if (!fs.existsSync('/usr/bin/chromium')) {
    return [
      {
        metric: 'UI',
        measured: 'skipped',
        reference: 'no /usr/bin/chromium',
        ratio: null,
        target: '',
        ok: null,
      },
    ];
  }
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    return [
      {
        metric: 'UI',
        measured: 'skipped',
        reference: 'renderer not built',
        ratio: null,
        target: '',
        ok: null,
      },
    ];
  }
  const rows: BenchRow[] = [];
  const ctx = silentContext();

  // 1,000 restore points of a small library.
  const smallDir = path.join(work, 'ui-small');
  fs.mkdirSync(smallDir, { recursive: true });
  const smallLib = await createDemoLibrary(smallDir, { tracks: 50, seed: 3 });
  const smallBackups = path.join(smallDir, 'backups');
  const first = await createBackup({
    libraryPath: smallLib,
    backupDir: smallBackups,
    trigger: 'manual',
    appVersion: 'bench',
    ctx,
  });
  cloneBackups(smallBackups, first.id, 1000);

  // 30,000 tracks whose analysis was lost after the backup.
  const bigDir = path.join(work, 'ui-big');
  fs.mkdirSync(bigDir, { recursive: true });
  const bigLib = await createDemoLibrary(bigDir, { tracks: 30_000, seed: 5 });
  const bigBackups = path.join(bigDir, 'backups');
  await createBackup({
    libraryPath: bigLib,
    backupDir: bigBackups,
    trigger: 'manual',
    appVersion: 'bench',
    ctx,
  });
  const db = new Database(bigLib);
  const lost = db
    .prepare('UPDATE tracks SET sonic_features = NULL WHERE sonic_features IS NOT NULL')
    .run().changes;
  db.close();

  const dataDir = path.join(work, 'ui-data');
  const service = createBackbeatService({ dataDir, appVersion: 'bench', mode: 'browser' });
  const host = await startBrowserHost({ service, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });

    await service.setLibrary({ path: smallLib });
    await service.setBackupDir({ path: smallBackups });
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Library' }).waitFor();
    const t0 = Date.now();
    await page.getByRole('link', { name: 'Restore points' }).click();
    await page.getByText('1,000 restore points').waitFor();
    await page.getByRole('row').nth(5).waitFor();
    const openMs = Date.now() - t0;
    const keyGap = await maxFrameGap(page, async () => {
      await page.getByRole('row').nth(1).click();
      for (let i = 0; i < 40; i++) await page.keyboard.press('PageDown');
    });
    rows.push({
      metric: 'restore points screen, 1,000 restore points',
      measured: `${openMs} ms to rows`,
      reference: `longest frame gap while paging: ${keyGap.toFixed(0)} ms`,
      ratio: null,
      target: '<= 1000 ms',
      ok: openMs <= 1000,
    });

    await service.setLibrary({ path: bigLib });
    await service.setBackupDir({ path: bigBackups });
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'Restore points' }).click();
    await page.getByRole('row').nth(1).click();
    await page.getByRole('button', { name: 'Restore...' }).click();
    await page.getByRole('region', { name: 'Preview summary' }).waitFor({ timeout: 60_000 });
    await page.getByRole('table').getByRole('row').nth(3).waitFor({ timeout: 60_000 });
    const body = page.locator('.change-list .grid-body');
    await body.hover();
    const scrollGap = await maxFrameGap(page, async () => {
      for (let i = 0; i < 120; i++) {
        await page.mouse.wheel(0, 2400);
        await page.waitForTimeout(16);
      }
    });
    // 120 wheel steps move about 290,000 px: several thousand rows through the virtualiser.
    const scrolledPx = await body.evaluate((el: { scrollTop: number }) => el.scrollTop);
    const scrolled = scrolledPx >= 100_000;
    rows.push({
      metric: `restore preview list, ${lost.toLocaleString('en-US')} tracks, wheel scrolling`,
      measured: `${scrollGap.toFixed(0)} ms longest frame gap`,
      reference: `scrolled ${Math.round(scrolledPx / 1000)}k px`,
      ratio: null,
      target: '<= 100 ms (no visible stall)',
      ok: scrollGap <= 100 && scrolled,
    });
  } finally {
    await browser.close();
    await host.close();
    await service.dispose();
  }
  return rows;
}
