// The native FLAC decoder gives the wasm package's samples (after flac-decoder.ts's
// rescaling) bit for bit, on files ffmpeg makes at test time in the shapes encoders
// write (16 and 24 bits, mono and stereo with each channel decorrelation, fixed and
// LPC predictors, odd block sizes), drops a damaged frame as the package does (the
// file is then short and refused), survives garbage, and refuses bad arguments.
// Skipped, with the reason printed, without ffmpeg or without the native kernels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodeAudioFile } from '../../audio/decode-file';
import { findOnPath } from '../../audio/find-ffmpeg';
import { decodeFlacFile } from '../../audio/flac-decoder';
import type { PcmBlock } from '../../audio/pcm';
import { synthesize } from '../../audio/synth';
import { encodeWav } from '../../audio/wav-writer';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { concatFloat32 } from '../../test/fixtures/float-arrays';
import { nativeDsp } from '../native-dsp';

const dsp = nativeDsp();
const FFMPEG = findOnPath('ffmpeg');
const skip = !dsp
  ? 'the native kernels are not built here (see dsp/native-dsp.ts)'
  : !FFMPEG
    ? 'ffmpeg is not on PATH (apt-get install ffmpeg)'
    : false;
if (skip) console.log(`# dsp-flac: skipped: ${skip}`);

const QUIET = ['-hide_banner', '-loglevel', 'error', '-y'];
const VARIANTS: Record<string, string[]> = {
  'stereo 16-bit, LPC up to order 32': ['-compression_level', '12'],
  'stereo 16-bit, fixed predictors': ['-compression_level', '0'],
  'stereo 16-bit, 1,000-sample blocks': ['-frame_size', '1000'],
  'stereo 16-bit, mid/side': ['-ch_mode', 'mid_side'],
  'stereo 16-bit, left/side': ['-ch_mode', 'left_side'],
  'stereo 16-bit, side/right': ['-ch_mode', 'right_side'],
  'stereo 16-bit, independent': ['-ch_mode', 'indep'],
  'stereo 24-bit': ['-sample_fmt', 's32', '-bits_per_raw_sample', '24'],
  'mono 16-bit at 48 kHz': ['-ac', '1', '-ar', '48000'],
};

let tmp: { dir: string; cleanup(): void } | null = null;
const file = (name: string): string => path.join(tmp!.dir, name);

before(() => {
  if (skip) return;
  tmp = makeTempDir('dsp-flac');
  const music = synthesize({ bpm: 120, tonic: 4, mode: 'minor', sampleRate: 44_100 }, 6, 2);
  // A quiet stretch and a loud one, so the encoder picks different predictors and channel modes.
  for (let i = 0; i < 44_100; i++) music[1]![i] = music[0]![i]! * 0.01;
  for (let i = 88_200; i < 132_300; i++) music[0]![i] = Math.max(-1, Math.min(1, music[0]![i]! * 6));
  fs.writeFileSync(file('src.wav'), encodeWav(music, { sampleRate: 44_100 }));
  Object.values(VARIANTS).forEach((args, i) =>
    execFileSync(FFMPEG!, [...QUIET, '-i', file('src.wav'), '-c:a', 'flac', ...args, file(`v${i}.flac`)]),
  );
});
after(() => tmp?.cleanup());

async function decode(
  f: string,
  native: boolean,
): Promise<{ channels: Float32Array[]; rate: number; frames: number }> {
  const blocks: PcmBlock[] = [];
  const keep = (b: PcmBlock): number => blocks.push({ ...b, channels: b.channels.map((c) => c.slice()) });
  const r = await decodeFlacFile(f, keep, {}, 0, native ? dsp : null);
  const channels = r.channels;
  return {
    channels: Array.from({ length: channels }, (_, c) => concatFloat32(blocks.map((b) => b.channels[c]!))),
    rate: r.sampleRate,
    frames: r.frames,
  };
}

test('native FLAC decoding equals the wasm package and its rescaling, bit for bit', { skip }, async () => {
  const names = Object.keys(VARIANTS);
  for (let i = 0; i < names.length; i++) {
    const want = await decode(file(`v${i}.flac`), false);
    const got = await decode(file(`v${i}.flac`), true);
    assert.ok(want.frames > 0, names[i]);
    assert.equal(got.frames, want.frames, names[i]);
    assert.equal(got.rate, want.rate, names[i]);
    assert.equal(got.channels.length, want.channels.length, names[i]);
    for (let c = 0; c < want.channels.length; c++) {
      const same = Buffer.from(got.channels[c]!.buffer).equals(Buffer.from(want.channels[c]!.buffer));
      assert.ok(same, `${names[i]}, channel ${c}`);
    }
  }
});

test('a damaged frame is dropped and the short file refused; garbage never crashes', { skip }, async () => {
  const bytes = fs.readFileSync(file('v0.flac'));
  const damaged = Buffer.from(bytes);
  damaged[Math.floor(bytes.length / 2)]! ^= 0x5a;
  fs.writeFileSync(file('damaged.flac'), damaged);
  await assert.rejects(
    decodeAudioFile(file('damaged.flac'), () => {}),
    /truncated file/,
  );
  // Random bytes with frame sync codes sprinkled in: decoded as nothing, or as whatever passes both CRCs.
  const out = new Float32Array(8 * 65_536);
  const scratch = new Int32Array(8 * 65_536);
  const result = new Float64Array(6);
  let s = 7;
  for (let round = 0; round < 50; round++) {
    const junk = new Uint8Array(20_000);
    for (let i = 0; i < junk.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      junk[i] = i % 97 === 0 ? 0xff : i % 97 === 1 ? 0xf8 : s >>> 24;
    }
    dsp!.flacDecode(junk, 1, out, 65_536, scratch, Int32Array.of(44_100, 16), result);
    assert.equal(result[0], junk.length);
  }
});

test('flacDecode refuses arrays that do not fit', { skip: dsp ? false : 'no native kernels' }, () => {
  const ok: { out: Float32Array; scratch: Int32Array; stream: Int32Array; result: Float64Array } = {
    out: new Float32Array(8 * 65_536),
    scratch: new Int32Array(8 * 65_536),
    stream: Int32Array.of(44_100, 16),
    result: new Float64Array(6),
  };
  const input = new Uint8Array(16);
  const call = (o: Partial<typeof ok>, capacity = 65_536): void =>
    dsp!.flacDecode(
      input,
      0,
      o.out ?? ok.out,
      capacity,
      o.scratch ?? ok.scratch,
      o.stream ?? ok.stream,
      o.result ?? ok.result,
    );
  assert.throws(() => call({ out: new Float32Array(65_536) }), RangeError);
  assert.throws(() => call({}, 1000), RangeError);
  assert.throws(() => call({ scratch: new Int32Array(100) }), RangeError);
  assert.throws(() => call({ stream: new Int32Array(1) }), RangeError);
  assert.throws(() => call({ result: new Float64Array(2) }), RangeError);
  assert.throws(() => call({ out: new Float64Array(8 * 65_536) as unknown as Float32Array }), TypeError);
  call({});
});
