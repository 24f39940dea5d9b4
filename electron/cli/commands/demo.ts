// `backbeat demo <dir> [--tracks N] [--with-audio]`: writes a demo library to try
// everything on; --with-audio also gives every track a short synthesized audio file,
// so `backbeat rescan` has something to analyse.
import fs from 'node:fs';
import path from 'node:path';
import { createDemoLibrary, writeDemoAudio } from '../../engine/app/use-cases/demo';
import { getLibraryStats } from '../../engine/app/use-cases/library';
import { formatCount, shellQuote } from '../format';
import type { CommandSpec } from '../invocation';
import { statsJson } from '../json-shapes';

export const MAX_DEMO_TRACKS = 300_000;

export const demoCommand: CommandSpec = {
  name: 'demo',
  synopsis: 'demo <dir> [--tracks N] [--with-audio]',
  flags: ['tracks', 'with-audio'],
  positionals: { min: 1, max: 1, label: '<dir>' },
  async run(inv) {
    const dir = path.resolve(inv.positionals[0]!);
    const tracks = inv.count('tracks', 1, MAX_DEMO_TRACKS);
    if (inv.io.stderrIsTTY && !inv.json) inv.note('Creating the demo library...');
    await fs.promises.mkdir(dir, { recursive: true });
    const libraryPath = await createDemoLibrary(dir, tracks === undefined ? {} : { tracks });
    const audio = inv.has('with-audio') ? await writeDemoAudio(libraryPath) : null;
    const stats = getLibraryStats(libraryPath);
    inv.result(
      statsJson(stats),
      () =>
        `Created a demo library with ${formatCount(stats.tracks)} tracks:\n${libraryPath}\n` +
        (audio ? `Wrote an audio file for each of its ${formatCount(audio.tracks)} tracks.\n` : '') +
        `Try: ${inv.cliName()} ${audio ? 'rescan' : 'stats'} --library ${shellQuote(libraryPath)}\n`,
    );
    return 0;
  },
};
