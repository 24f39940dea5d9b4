// The MP3 decoder's own loop (mp3-wasm.ts) gives exactly the package's samples (every
// value, every count, the same errors) whatever the chunking, including across
// garbage in the middle of a file, and is not used on a decoder whose shape is not
// the one it knows. MP3 files made by ffmpeg at test time; skipped, with the reason
// printed, without ffmpeg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../find-ffmpeg';
import { fastMp3Decoder } from '../mp3-wasm';
import { synthesize } from '../synth';
import type { WasmDecoded } from '../wasm-result';
import { encodeWav } from '../wav-writer';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { concatFloat32 } from '../../test/fixtures/float-arrays';

const FFMPEG = findOnPath('ffmpeg');
const SKIP = FFMPEG ? false : 'ffmpeg is not on PATH (apt-get install ffmpeg); MP3 not tested';
if (SKIP) console.log(`# audio-mp3-wasm: skipped: ${SKIP}`);

const QUIET = ['-hide_banner', '-loglevel', 'error', '-y'];

let tmp: { dir: string; cleanup(): void } | null = null;
const files: Record<string, Uint8Array> = {};

before(() => {
  if (SKIP) return;
  tmp = makeTempDir('mp3-wasm');
  const music = synthesize({ bpm: 128, tonic: 5, mode: 'minor', sampleRate: 44_100 }, 6, 2);
  // Channels that differ (a swap or a mix-up must show), with a noise floor.
  music.forEach((ch, c) => {
    for (let i = 0; i < ch.length; i++)
      ch[i] = ch[i]! * (0.9 - 0.4 * c) + (((i * (7919 + c)) % 997) / 997 - 0.5) * 0.04;
  });
  const wav = path.join(tmp.dir, 'src.wav');
  fs.writeFileSync(wav, encodeWav(music, { sampleRate: 44_100 }));
  const variants = {
    cbr128: ['-b:a', '128k'],
    vbr2mono: ['-q:a', '2', '-ac', '1'],
    cbr64at22k: ['-b:a', '64k', '-ar', '22050'],
  };
  for (const [name, args] of Object.entries(variants)) {
    const out = path.join(tmp.dir, `${name}.mp3`);
    execFileSync(FFMPEG!, [...QUIET, '-i', wav, '-c:a', 'libmp3lame', ...args, out]);
    files[name] = new Uint8Array(fs.readFileSync(out));
  }
  // Garbage in the middle: the decoder resyncs (or reports), the same way both ways.
  const a = files.cbr128!;
  const junk = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) & 0xff);
  files['cbr128, garbage inside'] = Buffer.concat([
    a.subarray(0, a.length >> 1),
    junk,
    a.subarray(a.length >> 1),
  ]);
});
after(() => tmp?.cleanup());

interface Decoded {
  channels: Float32Array[][];
  samples: number;
  errors: string[];
  rates: number[];
}

function collect(into: Decoded, r: WasmDecoded): void {
  for (const e of r.errors) into.errors.push(e.message);
  if (r.samplesDecoded === 0) return;
  into.rates.push(r.sampleRate);
  // Copies: the fast decoder's arrays are valid only until its next call.
  r.channelData.forEach((c, i) => (into.channels[i] ??= []).push(c.slice(0, r.samplesDecoded)));
  into.samples += r.samplesDecoded;
}

interface PackageDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): WasmDecoded;
  free(): void;
}

async function newDecoder(): Promise<PackageDecoder> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  const d = new MPEGDecoder({ enableGapless: true }) as unknown as PackageDecoder;
  await d.ready;
  return d;
}

async function decode(bytes: Uint8Array, chunk: number, fast: boolean): Promise<Decoded> {
  const d = await newDecoder();
  const f = fast ? fastMp3Decoder(d) : null;
  if (fast) assert.ok(f, 'the package decoder has the shape mp3-wasm.ts reads');
  const out: Decoded = { channels: [], samples: 0, errors: [], rates: [] };
  // The package logs each decoding error to the console; both ways do, silenced here.
  const log = console.error;
  console.error = () => undefined;
  try {
    for (let at = 0; at < bytes.length; at += chunk) {
      const piece = bytes.subarray(at, at + chunk);
      collect(out, f ? f.decode(piece) : d.decode(piece));
    }
  } finally {
    console.error = log;
    d.free();
  }
  return out;
}

test(
  'decoding MP3 with our loop gives the package samples, bit for bit, in any chunking',
  { skip: SKIP },
  async () => {
    for (const [name, bytes] of Object.entries(files)) {
      for (const chunk of [32 * 1024, 4093, bytes.length]) {
        const ref = await decode(bytes, chunk, false);
        const got = await decode(bytes, chunk, true);
        const what = `${name}, chunks of ${chunk}`;
        assert.ok(ref.samples > ref.rates[0]! * 5, `${what}: the package decoded the file`);
        assert.equal(got.samples, ref.samples, `${what}: sample count`);
        assert.deepEqual(got.errors, ref.errors, `${what}: errors`);
        assert.deepEqual(got.rates, ref.rates, `${what}: sample rates`);
        assert.equal(got.channels.length, ref.channels.length, what);
        for (let c = 0; c < ref.channels.length; c++) {
          const a = concatFloat32(ref.channels[c]!);
          const b = concatFloat32(got.channels[c]!);
          // Byte equality: every value the same, signs of zeros included.
          assert.ok(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), `${what}, channel ${c}`);
        }
      }
    }
  },
);

test('a decoder whose shape is not the known one is left to the public API', () => {
  assert.equal(fastMp3Decoder(null), null);
  assert.equal(fastMp3Decoder({}), null);
  assert.equal(fastMp3Decoder({ _common: { wasm: {} }, _decoder: 1 }), null);
});
