// FLAC, MP3, Ogg Vorbis, Opus and M4A, encoded by ffmpeg from one synthesized WAV at
// test time: FLAC decodes sample-exact, lossy formats decode to the right length with
// no delay (cross-correlation lag 0) and close to the original, every format gives
// the right tempo and key, a truncated file of each fails, and M4A without ffmpeg
// fails with the exact reason. Skipped, with the reason printed, without ffmpeg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { analyseAudioFile } from '../../analysis/analyse-file';
import { NEED_FFMPEG_REASON } from '../audio-error';
import { decodeAudioFile } from '../decode-file';
import { findOnPath } from '../find-ffmpeg';
import { decodeToMono } from '../mono-stream';
import { synthesize } from '../synth';
import { encodeWav } from '../wav-writer';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { concatFloat32 } from '../../test/fixtures/float-arrays';

const FFMPEG = findOnPath('ffmpeg');
const SKIP = FFMPEG ? false : 'ffmpeg is not on PATH (apt-get install ffmpeg); compressed formats not tested';
if (SKIP) console.log(`# audio-formats: skipped: ${SKIP}`);

const RATE = 44_100;
const SECONDS = 12;
const BPM = 128;
const KEY = 'A minor';

const FORMATS = {
  flac: ['-c:a', 'flac'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '192k'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '5'],
  opus: ['-c:a', 'libopus', '-b:a', '128k'],
  m4a: ['-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart'],
} as const;
type Ext = keyof typeof FORMATS;

let tmp: { dir: string; cleanup(): void } | null = null;
const file = (name: string): string => path.join(tmp!.dir, name);

before(() => {
  if (SKIP) return;
  tmp = makeTempDir('audio-formats');
  const music = synthesize({ bpm: BPM, tonic: 9, mode: 'minor', sampleRate: RATE }, SECONDS, 2);
  fs.writeFileSync(file('src.wav'), encodeWav(music, { sampleRate: RATE }));
  for (const [ext, args] of Object.entries(FORMATS)) {
    execFileSync(FFMPEG!, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      file('src.wav'),
      ...args,
      file(`music.${ext}`),
    ]);
  }
});
after(() => tmp?.cleanup());

async function decodeAll(f: string): Promise<{ channels: Float32Array[]; sampleRate: number }> {
  const blocks: Float32Array[][] = [];
  let sampleRate = 0;
  await decodeAudioFile(f, (b) => {
    blocks.push(b.channels.map((c) => c.slice())); // valid only during the call
    sampleRate = b.sampleRate;
  });
  const nch = blocks[0]!.length;
  const channels = Array.from({ length: nch }, (_, c) => {
    const out = new Float32Array(blocks.reduce((n, b) => n + b[c]!.length, 0));
    let at = 0;
    for (const b of blocks) {
      out.set(b[c]!, at);
      at += b[c]!.length;
    }
    return out;
  });
  return { channels, sampleRate };
}

async function mono22k(f: string): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  await decodeToMono(f, 22_050, (x) => parts.push(x.slice()));
  return concatFloat32(parts);
}

/** The lag (in samples, within ±maxLag) at which b best matches a. */
function bestLag(a: Float32Array, b: Float32Array, maxLag: number): number {
  let best = -Infinity;
  let arg = 0;
  const from = maxLag;
  const to = Math.min(a.length, b.length) - maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = from; i < to; i += 2) s += a[i]! * b[i + lag]!;
    if (s > best) {
      best = s;
      arg = lag;
    }
  }
  return arg;
}

/** Signal-to-error ratio in dB over the common length. */
function snrDb(ref: Float32Array, x: Float32Array): number {
  let sig = 0;
  let err = 0;
  for (let i = 0; i < Math.min(ref.length, x.length); i++) {
    sig += ref[i]! ** 2;
    err += (ref[i]! - x[i]!) ** 2;
  }
  return 10 * Math.log10(sig / err);
}

test('FLAC decodes sample-exact against the WAV it was made from', { skip: SKIP }, async () => {
  const wav = await decodeAll(file('src.wav'));
  const flac = await decodeAll(file('music.flac'));
  assert.equal(flac.sampleRate, RATE);
  assert.equal(flac.channels.length, 2);
  for (let c = 0; c < 2; c++) assert.deepEqual(flac.channels[c], wav.channels[c], `channel ${c}`);
});

for (const ext of ['mp3', 'ogg', 'm4a'] as const) {
  test(`${ext}: right length, no delay (lag 0), close to the original`, { skip: SKIP }, async () => {
    const wav = await decodeAll(file('src.wav'));
    const dec = await decodeAll(file(`music.${ext}`));
    assert.equal(dec.sampleRate, RATE);
    // MP3 and Vorbis are trimmed exactly; AAC may keep part of its last frame.
    const slack = ext === 'm4a' ? 1024 : 0;
    const extra = dec.channels[0]!.length - wav.channels[0]!.length;
    assert.ok(extra >= 0 && extra <= slack, `${ext}: ${extra} samples more than the original`);
    assert.equal(bestLag(wav.channels[0]!, dec.channels[0]!, 1500), 0);
    const snr = snrDb(wav.channels[0]!, dec.channels[0]!);
    assert.ok(snr > 10, `${ext}: SNR ${snr.toFixed(1)} dB`);
  });
}

test(
  'opus (48 kHz): same length and no delay once both are at the analysis rate',
  { skip: SKIP },
  async () => {
    const ref = await mono22k(file('src.wav'));
    const opus = await mono22k(file('music.opus'));
    assert.ok(Math.abs(opus.length - ref.length) <= 1, `${opus.length} vs ${ref.length}`);
    assert.equal(bestLag(ref, opus, 800), 0);
    assert.ok(snrDb(ref, opus) > 10, `SNR ${snrDb(ref, opus).toFixed(1)} dB`);
  },
);

test('every format gives the tempo within 1 BPM and the right key', { skip: SKIP }, async () => {
  for (const ext of ['wav', ...Object.keys(FORMATS)] as (Ext | 'wav')[]) {
    const r = await analyseAudioFile(file(ext === 'wav' ? 'src.wav' : `music.${ext}`));
    assert.ok(Math.abs((r.features.metadata.backbeat_bpm as number) - BPM) < 1, `${ext}: ${r.bpm} BPM`);
    assert.equal(r.key, KEY, ext);
    assert.equal(r.features.metadata.source_format, ext === 'ogg' ? 'vorbis' : ext);
  }
});

test('a truncated file of every format fails as truncated; none is analysed', { skip: SKIP }, async () => {
  for (const ext of Object.keys(FORMATS) as Ext[]) {
    const whole = fs.readFileSync(file(`music.${ext}`));
    const cut = file(`cut.${ext}`);
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
    await assert.rejects(analyseAudioFile(cut), (err: Error) => {
      assert.match(err.message, /^truncated file/, ext);
      return true;
    });
  }
});

test(
  'M4A without ffmpeg fails with exactly "unsupported format: install ffmpeg"',
  { skip: SKIP },
  async () => {
    await assert.rejects(
      decodeAudioFile(file('music.m4a'), () => undefined, { ffmpegPath: null }),
      (err: Error) => {
        assert.equal(err.message, NEED_FFMPEG_REASON);
        assert.equal(err.message, 'unsupported format: install ffmpeg');
        return true;
      },
    );
  },
);
