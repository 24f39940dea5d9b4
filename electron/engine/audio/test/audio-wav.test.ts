// The WAV reader: every PCM and float encoding, WAVE_FORMAT_EXTENSIBLE, extra chunks,
// any chunking of the input, and files that must fail with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeAudioFile } from '../decode-file';
import type { PcmBlock } from '../pcm';
import { WavStreamParser } from '../wav-parser';
import { encodeWav } from '../wav-writer';
import { makeTempDir } from '../../test/fixtures/temp-dir';

type Encoding = { kind: 'int' | 'float'; bits: number; extensible?: boolean };

/** A test-side WAV writer for every encoding (the app's writer only does 16-bit and float32). */
function wavBytes(
  channels: number[][],
  rate: number,
  enc: Encoding,
  extraChunks: 'none' | 'list-before' | 'list-after' = 'none',
): Buffer {
  const nch = channels.length;
  const frames = channels[0]!.length;
  const step = enc.bits / 8;
  const data = Buffer.alloc(frames * nch * step);
  let at = 0;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < nch; c++) {
      const x = channels[c]![f]!;
      if (enc.kind === 'float') {
        if (enc.bits === 32) data.writeFloatLE(x, at);
        else data.writeDoubleLE(x, at);
      } else if (enc.bits === 8) data.writeUInt8(Math.round(x * 128) + 128, at);
      else if (enc.bits === 16) data.writeInt16LE(Math.round(x * 32768), at);
      else if (enc.bits === 24) data.writeIntLE(Math.round(x * 8388608), at, 3);
      else data.writeInt32LE(Math.round(x * 2147483648), at);
      at += step;
    }
  }
  const tag = enc.kind === 'float' ? 3 : 1;
  const fmt = Buffer.alloc(enc.extensible ? 40 : 16);
  fmt.writeUInt16LE(enc.extensible ? 0xfffe : tag, 0);
  fmt.writeUInt16LE(nch, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * nch * step, 8);
  fmt.writeUInt16LE(nch * step, 12);
  fmt.writeUInt16LE(enc.bits, 14);
  if (enc.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(enc.bits, 18);
    fmt.writeUInt32LE(nch === 2 ? 3 : 4, 20);
    fmt.writeUInt16LE(tag, 24); // SubFormat GUID starts with the format tag
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(fmt, 26);
  }
  const chunk = (id: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const list = chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00test\x00\x00', 'latin1'));
  const parts = [chunk('fmt ', fmt)];
  if (extraChunks === 'list-before') parts.push(list);
  parts.push(chunk('data', data));
  if (extraChunks === 'list-after') parts.push(list);
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length + 4, 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, body]);
}

function testSignal(frames: number, phase: number): number[] {
  return Array.from({ length: frames }, (_, i) => 0.8 * Math.sin(0.05 * i + phase) * (i % 7 === 0 ? -1 : 1));
}

function parse(bytes: Uint8Array, chunkSize: number): { channels: Float32Array[]; parser: WavStreamParser } {
  const blocks: PcmBlock[] = [];
  // A block is valid only during the call (PcmSink): keep copies.
  const parser = new WavStreamParser((b) =>
    blocks.push({ ...b, channels: b.channels.map((c) => c.slice()) }),
  );
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  parser.finish();
  const nch = blocks[0]?.channels.length ?? 0;
  const channels = Array.from({ length: nch }, (_, c) =>
    Float32Array.from(blocks.flatMap((b) => Array.from(b.channels[c]!))),
  );
  return { channels, parser };
}

const ENCODINGS: (Encoding & { tolerance: number })[] = [
  { kind: 'int', bits: 8, tolerance: 1 / 128 },
  { kind: 'int', bits: 16, tolerance: 1 / 32768 },
  { kind: 'int', bits: 24, tolerance: 1 / 8388608 },
  { kind: 'int', bits: 32, tolerance: 1e-7 },
  { kind: 'float', bits: 32, tolerance: 1e-7 },
  { kind: 'float', bits: 64, tolerance: 1e-7 },
  { kind: 'int', bits: 24, extensible: true, tolerance: 1 / 8388608 },
  { kind: 'float', bits: 32, extensible: true, tolerance: 1e-7 },
];

for (const enc of ENCODINGS) {
  test(`WAV ${enc.kind} ${enc.bits}-bit${enc.extensible ? ' (extensible)' : ''}: exact values, any chunking`, () => {
    const left = testSignal(1001, 0);
    const right = testSignal(1001, 1);
    const bytes = wavBytes([left, right], 44_100, enc);
    for (const chunkSize of [bytes.length, 7, 4096]) {
      const { channels, parser } = parse(bytes, chunkSize);
      assert.equal(parser.format?.sampleRate, 44_100);
      assert.equal(parser.format?.channels, 2);
      assert.equal(parser.framesDecoded, 1001);
      assert.equal(parser.declaredFrames, 1001);
      for (const [c, want] of [left, right].entries()) {
        for (let i = 0; i < want.length; i++) {
          assert.ok(
            Math.abs(channels[c]![i]! - want[i]!) <= enc.tolerance,
            `ch${c}[${i}] ${channels[c]![i]} vs ${want[i]}`,
          );
        }
      }
    }
  });
}

test('WAV: chunks before and after the data are skipped; the data chunk size is respected', () => {
  const x = testSignal(500, 0.3);
  for (const extra of ['list-before', 'list-after'] as const) {
    const { channels, parser } = parse(wavBytes([x], 22_050, { kind: 'int', bits: 16 }, extra), 13);
    assert.equal(parser.framesDecoded, 500, extra);
    assert.ok(Math.abs(channels[0]![499]! - x[499]!) < 1e-4);
  }
});

test('WAV: the app writer round-trips 16-bit and float', () => {
  const x = Float32Array.from(testSignal(300, 0.1));
  for (const bits of [16, 32] as const) {
    const { channels } = parse(encodeWav([x, x], { sampleRate: 48_000, bits }), 4096);
    for (let i = 0; i < x.length; i++)
      assert.ok(Math.abs(channels[1]![i]! - x[i]!) <= (bits === 16 ? 1 / 32768 : 0));
  }
});

test('decodeAudioFile: truncated, empty, junk, missing and header-only files fail with a reason', async (t) => {
  const tmp = makeTempDir('audio-wav');
  t.after(tmp.cleanup);
  const good = wavBytes([testSignal(22_050, 0)], 22_050, { kind: 'int', bits: 16 });
  const cases: [string, Buffer | null, RegExp][] = [
    [
      'truncated.wav',
      good.subarray(0, good.length - 1000),
      /^truncated file: decoded 0\.98 s of the 1\.00 s/,
    ],
    ['empty.wav', Buffer.alloc(0), /^empty file$/],
    [
      'junk.mp3',
      Buffer.from('this is not audio at all, just some text that happens to be here'.repeat(50)),
      /^not an audio file/,
    ],
    ['header-only.wav', good.subarray(0, 30), /^not a complete WAV file$/],
    ['missing.wav', null, /^file not found$/],
  ];
  for (const [name, bytes, reason] of cases) {
    const file = path.join(tmp.dir, name);
    if (bytes) fs.writeFileSync(file, bytes);
    await assert.rejects(
      decodeAudioFile(file, () => undefined),
      (err: Error) => {
        assert.match(err.message, reason, name);
        return true;
      },
    );
  }
  const ok = path.join(tmp.dir, 'ok.wav');
  fs.writeFileSync(ok, good);
  const report = await decodeAudioFile(ok, () => undefined);
  assert.deepEqual([report.format, report.frames, report.declaredFrames], ['wav', 22_050, 22_050]);
});
