// A REST destination (rclone serve restic) whose disk is full (full-disk.ts). rclone
// answers each store with a bare "500"; the copy stops after four of them with a
// sentence (not after restic's many minutes of retries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryOrSkip, RCLONE, startRestServer } from './dest-fixtures';
import { fullDiskScenario } from './full-disk';

test('a full REST destination: a sentence, nothing lost locally; after freeing space the copy completes', async (t) => {
  await fullDiskScenario(t, {
    prefix: 'dest-rest-full',
    what: 'full REST destination',
    server: async (_w, disk) => {
      if (!binaryOrSkip(t, RCLONE, 'rclone', 'rclone')) return null;
      const server = await startRestServer(disk);
      return { location: `rest:${server.url}copy`, stop: () => server.stop() };
    },
    whenFull: (full) =>
      assert.equal(
        full.error,
        'Destination "offsite" refused to store data: its server answered HTTP 500 to 4 tries in a row, so the copy was stopped. Its disk may be full, or the server has a problem; look at the server. Nothing local changed; the next copy picks up where this one stopped.',
      ),
  });
});
