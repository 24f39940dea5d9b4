// Which host and port a destination is tried at before restic runs (and when restic
// reports a retry), and the sentence when nothing answers there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { parseLocation } from '../location';
import { assertReachable, endpointOf, unreachableReason } from '../reachability';

test('the endpoint of each kind of location', () => {
  assert.deepEqual(endpointOf(parseLocation('rest:http://127.0.0.1:8000/copy')), {
    host: '127.0.0.1',
    port: 8000,
  });
  assert.deepEqual(endpointOf(parseLocation('rest:https://nas.local/copy')), {
    host: 'nas.local',
    port: 443,
  });
  assert.deepEqual(endpointOf(parseLocation('s3:http://minio:9000/bucket/x')), { host: 'minio', port: 9000 });
  assert.deepEqual(endpointOf(parseLocation('sftp:me@nas.local:/backups')), { host: 'nas.local', port: 22 });
  assert.deepEqual(endpointOf(parseLocation('sftp://me@nas.local:2222//backups')), {
    host: 'nas.local',
    port: 2222,
  });
  // sftp.command runs its own transport; rclone its own back end: nothing to try.
  assert.equal(endpointOf(parseLocation('sftp:me@nas.local:/b'), ['sftp.command=ssh nas -s sftp']), null);
  assert.equal(endpointOf(parseLocation('rclone:gdrive:backbeat')), null);
});

test('a port nobody listens on: a sentence naming the destination, at once', async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const loc = parseLocation(`rest:http://127.0.0.1:${port}/copy`);
  assert.equal(await unreachableReason(loc), `127.0.0.1:${port} (connection refused)`);
  await assert.rejects(assertReachable('home', loc), (err: Error) => {
    assert.match(
      err.message,
      new RegExp(
        `^Destination "home" cannot be reached at 127\\.0\\.0\\.1:${port} \\(connection refused\\)\\. Nothing was copied`,
      ),
    );
    return true;
  });
});
