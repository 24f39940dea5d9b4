// One benchmark scenario per process, so peak memory (maxRSS) and main-thread stalls
// belong to that scenario alone. Prints one JSON line on stdout.
//
//   node dist/bench/scenario.js gen <dir> <tracks>
//   node dist/bench/scenario.js backup <library> <backupDir>
//   node dist/bench/scenario.js preview <library> <backupDir> <id>
//   node dist/bench/scenario.js apply <library> <backupDir> <id>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDemoLibrary } from '../electron/engine/demo';
import { createBackup } from '../electron/engine/backup';
import { previewRestore } from '../electron/engine/restore-preview';
import { applyRestore } from '../electron/engine/restore-apply';
import { silentContext } from '../electron/engine/progress';

export interface ScenarioResult {
  scenario: string;
  seconds: number;
  /** Longest main-thread stall seen while the scenario ran, in ms. */
  maxStallMs: number;
  /** Peak resident memory of the whole process (main thread and workers), in MB. */
  peakRssMb: number;
  detail: Record<string, unknown>;
}

async function measure(
  scenario: string,
  fn: () => Promise<Record<string, unknown>>,
): Promise<ScenarioResult> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // A second, independent stall probe: how late a 1 ms timer fires.
  let maxLate = 0;
  let expected = performance.now() + 1;
  const probe = setInterval(() => {
    const now = performance.now();
    maxLate = Math.max(maxLate, now - expected);
    expected = now + 1;
  }, 1);
  const start = performance.now();
  const detail = await fn();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(probe);
  histogram.disable();
  const histMaxMs = histogram.max / 1e6;
  return {
    scenario,
    seconds,
    maxStallMs: Math.max(histMaxMs, maxLate),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    detail,
  };
}

async function main(argv: string[]): Promise<void> {
  const [name, a, b, c] = argv;
  const ctx = silentContext();
  let result: ScenarioResult;
  switch (name) {
    case 'gen':
      result = await measure('gen', async () => ({
        path: await createDemoLibrary(a!, { tracks: Number(b), seed: 7 }),
      }));
      break;
    case 'backup':
      result = await measure('backup', async () => {
        const meta = await createBackup({
          libraryPath: a!,
          backupDir: b!,
          trigger: 'manual',
          appVersion: 'bench',
          ctx,
        });
        return {
          id: meta.id,
          databaseBytes: meta.sizes.databaseBytes,
          compressedBytes: meta.sizes.compressedBytes,
        };
      });
      break;
    case 'preview':
      result = await measure('preview', async () => {
        const p = await previewRestore({ libraryPath: a!, backupDir: b!, id: c!, ctx });
        return { ...p.summary };
      });
      break;
    case 'apply':
      result = await measure('apply', async () => {
        const r = await applyRestore({
          libraryPath: a!,
          backupDir: b!,
          id: c!,
          mode: 'additive',
          appVersion: 'bench',
          ctx,
        });
        return { ...r };
      });
      break;
    default:
      throw new Error(`unknown scenario ${name}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
