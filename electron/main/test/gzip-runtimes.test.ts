// libdeflate 0.1.0 (its only release) declares Node >= 24, while Backbeat ships on Node 20
// (the CLI, browser mode) and on Electron's Node (the app, whose workers run the same
// runtime as ELECTRON_RUN_AS_NODE). Where it does not load, backups fall back to zlib and
// quietly cost a quarter more CPU, so each shipped runtime runs the compressor here, in a
// child process of its own. The Electron run needs the binary `npm start` downloads; where
// there is none, that test says so and skips.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { findElectronBinary } from '../electron-binary';

const run = promisify(execFile);

/** Loads the backup compressor as the gzip worker does and round-trips a chunk through it. */
const PROBE = `
const zlib = require('node:zlib');
const { chooseGzip } = require(${JSON.stringify(require.resolve('../../engine/compression/gzip-worker'))});
chooseGzip({}).then((chosen) => {
  const data = Buffer.from('track,bpm\\n'.repeat(10000));
  const roundTrips = zlib.gunzipSync(chosen.gzip(data, 6)).equals(data);
  process.stdout.write(JSON.stringify({ name: chosen.name, roundTrips }));
});
`;

async function compressorOn(binary: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  // The ceiling only catches a hang; the probe takes well under a second.
  const { stdout } = await run(binary, ['-e', PROBE], { env: { ...process.env, ...env }, timeout: 120_000 });
  return JSON.parse(stdout) as unknown;
}

test(`libdeflate compresses on Node (${process.versions.node}), as the CLI runs it`, async () => {
  assert.deepEqual(await compressorOn(process.execPath, {}), { name: 'libdeflate', roundTrips: true });
});

test("libdeflate compresses on Electron's Node, as the app runs it", async (t) => {
  const electron = findElectronBinary();
  if (!electron) {
    t.skip('no Electron binary here (npm start downloads it)');
    return;
  }
  assert.deepEqual(await compressorOn(electron, { ELECTRON_RUN_AS_NODE: '1' }), {
    name: 'libdeflate',
    roundTrips: true,
  });
});
