// The Vorbis decoder fed packets by our Ogg reader gives exactly the package's
// samples (every value, every count, the end trimmed to the last granule position as
// the package trims it), whatever the chunking, and is not used on a decoder whose
// inner object is not the one it knows. Vorbis files made by ffmpeg at test time;
// skipped, with the reason printed, without ffmpeg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../find-ffmpeg';
import { OggPacketReader } from '../ogg-packets';
import { EarlyEosFilter, oggCrc } from '../ogg-pages';
import { synthesize } from '../synth';
import { fastVorbisDecoder } from '../vorbis-wasm';
import type { WasmDecoded } from '../wasm-result';
import { encodeWav } from '../wav-writer';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { concatFloat32 } from '../../test/fixtures/float-arrays';

const FFMPEG = findOnPath('ffmpeg');
const SKIP = FFMPEG ? false : 'ffmpeg is not on PATH (apt-get install ffmpeg); Vorbis not tested';
if (SKIP) console.log(`# audio-vorbis-wasm: skipped: ${SKIP}`);

/** ffmpeg's arguments for: errors only, overwrite. */
const QUIET = ['-hide_banner', '-loglevel', 'error', '-y'];

let tmp: { dir: string; cleanup(): void } | null = null;
const files: Record<string, Uint8Array> = {};

before(() => {
  if (SKIP) return;
  tmp = makeTempDir('vorbis-wasm');
  // Music with a noise floor, then silence: long and short blocks, packets across pages.
  const music = synthesize({ bpm: 140, tonic: 2, mode: 'major', sampleRate: 44_100 }, 7, 2);
  for (const ch of music)
    for (let i = 0; i < ch.length; i++) ch[i] = ch[i]! * 0.8 + (((i * 7919) % 997) / 997 - 0.5) * 0.05;
  const wav = path.join(tmp.dir, 'src.wav');
  fs.writeFileSync(wav, encodeWav(music, { sampleRate: 44_100 }));
  for (const [name, args] of Object.entries({ q2: ['-q:a', '2'], q8mono: ['-q:a', '8', '-ac', '1'] })) {
    const out = path.join(tmp.dir, `${name}.ogg`);
    execFileSync(FFMPEG!, [...QUIET, '-i', wav, '-c:a', 'libvorbis', ...args, out]);
    files[name] = new Uint8Array(fs.readFileSync(out));
  }
  files['q2, packets across pages'] = onePacketPiecePerPage(files.q2!);
});
after(() => tmp?.cleanup());

/** One Ogg page of the given lacing values and body, its CRC filled in. */
function oggPage(
  flags: number,
  granule: number,
  seq: number,
  lacing: number[],
  body: Uint8Array,
): Uint8Array {
  const p = new Uint8Array(27 + lacing.length + body.length);
  p.set([0x4f, 0x67, 0x67, 0x53], 0);
  p[5] = flags;
  const dv = new DataView(p.buffer);
  dv.setInt32(6, granule % 2 ** 32, true);
  dv.setInt32(10, Math.floor(granule / 2 ** 32), true);
  dv.setUint32(14, 1234, true);
  dv.setUint32(18, seq, true);
  p[26] = lacing.length;
  p.set(lacing, 27);
  p.set(body, 27 + lacing.length);
  dv.setUint32(22, oggCrc(p), true);
  return p;
}

/**
 * The same stream with one lacing value a page: every packet over 254 bytes continues
 * on the next page (over 509 bytes, across three). A page keeps the granule position
 * of the page it came from where that page's last packet ends, -1 elsewhere.
 */
function onePacketPiecePerPage(bytes: Uint8Array): Uint8Array {
  const pages = new OggPacketReader().read(bytes);
  const out: Uint8Array[] = [];
  let seq = 0;
  pages.forEach((page, p) => {
    page.packets.forEach((packet, k) => {
      let at = 0;
      for (;;) {
        const n = Math.min(255, packet.length - at);
        const ends = n < 255;
        const lastOfPage = ends && k === page.packets.length - 1;
        const flags = (seq === 0 ? 2 : 0) | (lastOfPage && p === pages.length - 1 ? 4 : 0);
        out.push(oggPage(flags, lastOfPage ? page.granule : -1, seq++, [n], packet.subarray(at, at + n)));
        at += n;
        if (ends) break;
      }
    });
  });
  return Buffer.concat(out);
}

interface Decoded {
  channels: Float32Array[][];
  samples: number;
  errors: string[];
}

function collect(into: Decoded, r: WasmDecoded): void {
  for (const e of r.errors) into.errors.push(e.message);
  // Without samples the channel count means nothing (WasmOutput ignores such results).
  if (r.samplesDecoded === 0) return;
  r.channelData.forEach((c, i) => (into.channels[i] ??= []).push(c.slice(0, r.samplesDecoded)));
  into.samples += r.samplesDecoded;
}

function pagesOf(bytes: Uint8Array, chunk: number): Uint8Array[] {
  const filter = new EarlyEosFilter(bytes.length);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunk) out.push(filter.push(bytes.slice(at, at + chunk)));
  out.push(filter.flush());
  return out.filter((p) => p.length > 0);
}

/** The package's public path, as ogg-decoder.ts used it before. */
interface PackageDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): Promise<WasmDecoded>;
  flush(): Promise<WasmDecoded>;
  free(): void;
}

async function newDecoder(): Promise<PackageDecoder> {
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  return new OggVorbisDecoder();
}

async function viaPackage(bytes: Uint8Array, chunk: number): Promise<Decoded> {
  const d = await newDecoder();
  await d.ready;
  const out: Decoded = { channels: [], samples: 0, errors: [] };
  for (const pages of pagesOf(bytes, chunk)) collect(out, await d.decode(pages));
  collect(out, await d.flush());
  d.free();
  return out;
}

async function viaPackets(bytes: Uint8Array, chunk: number): Promise<Decoded> {
  const d = await newDecoder();
  await d.ready;
  const fast = fastVorbisDecoder(d);
  assert.ok(fast, 'the package inner decoder has the shape vorbis-wasm.ts reads');
  const out: Decoded = { channels: [], samples: 0, errors: [] };
  for (const pages of pagesOf(bytes, chunk)) collect(out, fast.decode(pages));
  d.free();
  return out;
}

test(
  'decoding Vorbis packets directly gives the package samples, bit for bit, in any chunking',
  { skip: SKIP },
  async () => {
    for (const [name, bytes] of Object.entries(files)) {
      const ref = await viaPackage(bytes, 32 * 1024);
      assert.equal(ref.errors.length, 0, name);
      for (const chunk of [32 * 1024, 4093, bytes.length]) {
        const got = await viaPackets(bytes, chunk);
        assert.equal(got.samples, ref.samples, `${name}, chunks of ${chunk}: sample count`);
        assert.deepEqual(got.errors, [], name);
        assert.equal(got.channels.length, ref.channels.length, name);
        for (let c = 0; c < ref.channels.length; c++) {
          const a = concatFloat32(ref.channels[c]!);
          const b = concatFloat32(got.channels[c]!);
          // Byte equality: every value the same, signs of zeros included.
          assert.ok(
            Buffer.from(a.buffer).equals(Buffer.from(b.buffer)),
            `${name}, chunks of ${chunk}, channel ${c}`,
          );
        }
      }
      // Trimmed to the last granule position: the source's length, not a whole number of blocks.
      if (!name.includes('across')) assert.equal(ref.samples, 7 * 44_100, name);
    }
  },
);

test('a decoder whose inner object is not the known one is left to the public API', () => {
  assert.equal(fastVorbisDecoder(null), null);
  assert.equal(fastVorbisDecoder({}), null);
  assert.equal(fastVorbisDecoder({ _decoder: { _common: { wasm: {} } } }), null);
});
