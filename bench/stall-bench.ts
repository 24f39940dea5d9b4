// Issue 18's UI guarantee as rows: the main thread's longest stall, and its timers'
// lateness (max and p99), in a process
// that runs the backup service while it backs up the 217 MB demo library (30,000
// tracks), as the desktop app's main process would; quiet, and with --busy again with
// two CPU-bound programs beside it. See stall-scenario.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoLibrary } from '../electron/engine/demo/demo';
import { startBusyPrograms } from './cli-backup-bench';
import type { StallScenarioResult } from './stall-scenario';
import type { BenchRow } from './table';

const SCENARIO = path.join(__dirname, 'stall-scenario.js');

function runOnce(dir: string, libraryPath: string, i: number): StallScenarioResult {
  const dataDir = path.join(dir, `data-${i}`);
  const backupDir = path.join(dir, `backups-${i}`);
  const res = spawnSync(process.execPath, [SCENARIO, dataDir, libraryPath, backupDir], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`stall scenario failed:\n${res.stderr}`);
  fs.rmSync(backupDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as StallScenarioResult;
}

function load(): string {
  return `load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

export async function runStallBench(work: string, options: { busy: boolean }): Promise<BenchRow[]> {
  const dir = path.join(work, 'stall');
  fs.mkdirSync(dir, { recursive: true });
  const rows: BenchRow[] = [];
  try {
    const libraryPath = await createDemoLibrary(dir, { tracks: 30_000, seed: 7 });
    const label = `backup of the demo library (30,000 tracks, ${(fs.statSync(libraryPath).size / 1e6).toFixed(0)} MB)`;
    for (const busy of options.busy ? [false, true] : [false]) {
      const stop = busy ? startBusyPrograms() : () => undefined;
      let r: StallScenarioResult;
      try {
        r = runOnce(dir, libraryPath, rows.length);
      } finally {
        stop();
      }
      const beside = busy ? ', 2 busy programs beside' : '';
      const ok = r.state === 'succeeded';
      const note =
        `${r.seconds.toFixed(1)} s backup (${r.state}), ${r.events} events; ` +
        `service idle: stall max ${r.baseline.maxStallMs.toFixed(1)} ms, timer late max ${r.baseline.maxLateMs.toFixed(1)} ms; ${load()}`;
      rows.push({
        metric: `main-thread stall max (ran or waited for a core), service process during a ${label}${beside}`,
        measured: `${r.during.maxStallMs.toFixed(1)} ms`,
        reference: note,
        ratio: null,
        target: '<= 16 ms',
        ok: ok && r.during.maxStallMs <= 16,
      });
      rows.push({
        metric: `timer lateness max / p99 (event-loop delay, includes the VM's), same run${beside}`,
        measured: `${r.during.maxLateMs.toFixed(1)} / ${r.during.p99LateMs.toFixed(1)} ms`,
        reference: '1 ms probe and monitorEventLoopDelay; see main-thread-probe.ts',
        ratio: null,
        target: 'p99 <= 16 ms',
        ok: ok && r.during.p99LateMs <= 16,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
