// The gzip worker's compression, called directly: every chunk becomes one complete gzip
// member that fits the slot gzipBound sizes, whatever the data (incompressible data is the
// worst case for the bound), and inflates back to the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { chooseGzip, gzipBound, handlers } from '../gzip-worker';

async function gzipChunk(data: Uint8Array, level = 6): Promise<Buffer> {
  const input = new SharedArrayBuffer(Math.max(1, data.length));
  new Uint8Array(input).set(data);
  const output = new SharedArrayBuffer(gzipBound(data.length));
  const length = await handlers.gzipChunk({ input, length: data.length, output, level });
  return Buffer.from(output, 0, length);
}

test('incompressible chunks of every size fit their slot and round-trip', async () => {
  for (const size of [0, 1, 4095, 4096, 65_536, 4 * 1024 * 1024]) {
    const data = crypto.randomBytes(size);
    const member = await gzipChunk(data);
    assert.equal(member[0], 0x1f, `gzip magic, ${size} bytes`);
    assert.equal(member[1], 0x8b, `gzip magic, ${size} bytes`);
    assert.ok(member.length <= gzipBound(size), `${member.length} > bound for ${size} bytes`);
    assert.deepEqual(zlib.gunzipSync(member), data, `round trip, ${size} bytes`);
  }
});

test('compressible data is compressed, and members concatenate into one gzip stream', async () => {
  const text = Buffer.from('{"bpm":128.0,"key":"A minor","energy":0.731}\n'.repeat(20_000));
  const first = await gzipChunk(text.subarray(0, 500_000));
  const second = await gzipChunk(text.subarray(500_000));
  assert.ok(first.length < 50_000, `only ${first.length} bytes from 500,000 repetitive bytes`);
  assert.deepEqual(zlib.gunzipSync(Buffer.concat([first, second])), text);
});

test('bad arguments and levels are refused', async () => {
  // As if another caller had sent anything at all.
  await assert.rejects(async () => handlers.gzipChunk(null as never), TypeError);
  await assert.rejects(gzipChunk(Buffer.from('x'), 0), RangeError);
});

// That libdeflate (0.1.0, declares Node >= 24) loads on each runtime Backbeat ships, Node
// and Electron's Node, is tested in electron/main/test/gzip-runtimes.test.ts.

test('BACKBEAT_GZIP=zlib compresses with Node zlib: the same plain gzip stream', async () => {
  const chosen = await chooseGzip({ BACKBEAT_GZIP: 'zlib' });
  assert.equal(chosen.name, 'zlib');
  const data = crypto.randomBytes(100_000);
  const member = Buffer.from(chosen.gzip(data, 6));
  assert.ok(member.length <= gzipBound(data.length));
  assert.deepEqual(zlib.gunzipSync(member), data);
});

test('prepare loads the compressor ahead of the first chunk, which then compresses as usual', async () => {
  await handlers.prepare();
  const input = new SharedArrayBuffer(64 * 1024);
  new Uint8Array(input).set(
    crypto
      .randomBytes(1024)
      .toString('hex')
      .repeat(32)
      .slice(0, 64 * 1024)
      .split('')
      .map((c) => c.charCodeAt(0)),
  );
  const output = new SharedArrayBuffer(gzipBound(input.byteLength));
  const length = await handlers.gzipChunk({ input, length: input.byteLength, output, level: 6 });
  assert.ok(zlib.gunzipSync(new Uint8Array(output, 0, length)).equals(Buffer.from(new Uint8Array(input))));
});
