// One process that does what the app's main process does with a large snapshot, so its
// peak memory is Backbeat's own (restic runs as a child and is not counted): a snapshot
// of the library's audio folders, the first browse (which indexes the snapshot's
// listing), then folders listed again as the Snapshots screen lists them. Prints one
// JSON line on stdout.
//
//   node dist/bench/repo-scenario.js <dataDir> <library> <repo> <passwordFile> <dir>...
//
// Each <dir> is listed three times once indexed; the medians are reported.
import {
  filesOperation,
  initRepository,
  snapshotOperation,
  type RepoScope,
} from '../electron/engine/repository/operations';
import { checkPasswordFile } from '../electron/engine/repository/repo-password';
import { listIndexedFiles } from '../electron/engine/repository/snapshot-index';
import { silentContext } from '../electron/engine/runtime/progress';
import { median } from './audio-tree';

export interface RepoScenarioResult {
  snapshotSeconds: number;
  totalFiles: number;
  /** The first listing: restic's listing read into the index. */
  firstListSeconds: number;
  /** Per folder: median ms of the app's listing call, and of the index query alone. */
  listings: { dir: string; entries: number; callMs: number; indexMs: number }[];
  peakRssMb: number;
}

async function main(argv: string[]): Promise<void> {
  const [dataDir, libraryPath, repo, passwordFile, ...dirs] = argv;
  const scope: RepoScope = {
    dataDir: dataDir!,
    libraryPath: libraryPath!,
    env: process.env,
    repo: repo!,
    password: () => Promise.resolve(checkPasswordFile(passwordFile!)),
  };
  await initRepository(scope);
  let t = performance.now();
  const snap = await snapshotOperation(scope, { trigger: 'manual', ctx: silentContext() });
  const snapshotSeconds = (performance.now() - t) / 1000;
  const id = snap.snapshot?.id;
  if (!id) throw new Error(`snapshot made nothing (${snap.status})`);
  t = performance.now();
  await filesOperation(scope, id);
  const firstListSeconds = (performance.now() - t) / 1000;
  const listings: RepoScenarioResult['listings'] = [];
  for (const dir of dirs) {
    const call: number[] = [];
    const index: number[] = [];
    let entries = 0;
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      entries = (await filesOperation(scope, id, dir)).entries.length;
      call.push(performance.now() - t);
      t = performance.now();
      listIndexedFiles(dataDir!, id, dir);
      index.push(performance.now() - t);
    }
    listings.push({ dir, entries, callMs: median(call), indexMs: median(index) });
  }
  const result: RepoScenarioResult = {
    snapshotSeconds,
    totalFiles: snap.totalFiles,
    firstListSeconds,
    listings,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
