// The beat3tower analysis on synthesized music with a known tempo and key: tempo
// within 1 BPM, the right key, the reference's exact layout, the beat-source
// fall-backs, and results that do not depend on the file's rate or channel layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyseAudioFile, analyseSamples } from '../analysis/analyse-file';
import { FEATURE_VECTOR_LENGTH, FEATURE_VECTOR_NAMES, segmentVector } from '../feature-names';
import { octaveFlags } from '../analysis/segment-features';
import { FRAMES_PER_SECOND } from '../analysis/constants';
import { synthesize, PITCH_CLASS_NAMES, type MusicSpec } from '../audio/synth';
import { encodeWav } from '../audio/wav-writer';
import { renderMusic } from '../audio/synth';
import { makeTempDir } from './fixtures/temp-dir';

const SR = 22_050;

function piece(
  bpm: number,
  tonic: number,
  mode: 'major' | 'minor',
  rhythm: MusicSpec['rhythm'] = 'drums',
): MusicSpec {
  return { bpm, tonic, mode, sampleRate: SR, rhythm };
}

const CASES: [number, number, 'major' | 'minor', MusicSpec['rhythm']][] = [
  [90, 0, 'major', 'drums'],
  [120, 9, 'minor', 'drums'],
  [128, 7, 'major', 'drums'],
  [140, 2, 'minor', 'drums'],
  [90, 5, 'major', 'click'],
  [120, 0, 'major', 'click'],
  [140, 4, 'minor', 'click'],
];

for (const [bpm, tonic, mode, rhythm] of CASES) {
  const key = `${PITCH_CLASS_NAMES[tonic]} ${mode}`;
  test(`${rhythm} at ${bpm} BPM in ${key}: tempo within 1 BPM, key right, tracked beats`, () => {
    const r = analyseSamples(synthesize(piece(bpm, tonic, mode, rhythm), 20)[0]!);
    assert.ok(Math.abs(r.bpm - bpm) < 1, `tempo ${r.bpm}`);
    assert.equal(r.key, key);
    assert.equal(r.sonicSource, 'beat3tower_beats');
    assert.equal(r.features.metadata.beat_source, 'beats');
    const full = r.features.full;
    assert.ok(Math.abs(full.n_beats - (20 * bpm) / 60) <= 3, `n_beats ${full.n_beats}`);
    assert.equal(full.bpm_info.half_tempo_likely, false);
    assert.equal(full.bpm_info.double_tempo_likely, false);
    assert.ok(full.bpm_info.tempo_stability > 0.9, `stability ${full.bpm_info.tempo_stability}`);
    assert.ok(full.rhythm.beat_interval_cv! < 0.1);
    assert.ok(Math.abs(full.rhythm.beat_interval_median! - 60 / bpm) < 0.03);
    assert.ok((full.harmony.key_strength as number) > 0.6);
  });
}

test('layout: exactly the reference groups, names and order; 137 finite numbers per segment', () => {
  const r = analyseSamples(synthesize(piece(120, 0, 'major'), 12)[0]!);
  const f = r.features;
  assert.deepEqual(Object.keys(f), ['full', 'start', 'mid', 'end', 'metadata']);
  for (const name of ['full', 'start', 'mid', 'end'] as const) {
    const seg = f[name];
    assert.deepEqual(Object.keys(seg), [
      'extraction_method',
      'n_beats',
      'bpm_info',
      'rhythm',
      'timbre',
      'harmony',
    ]);
    assert.equal(seg.extraction_method, 'beat3tower');
    assert.deepEqual(Object.keys(seg.bpm_info), [
      'primary_bpm',
      'half_tempo_likely',
      'double_tempo_likely',
      'tempo_stability',
    ]);
    const vector = segmentVector(seg);
    assert.ok(vector, `${name} does not flatten`);
    assert.equal(vector.length, FEATURE_VECTOR_LENGTH);
    assert.ok(vector.every(Number.isFinite));
    // Key order inside each group follows the reference too.
    const names = [
      ...Object.keys(seg.rhythm).map((k) => `rhythm.${k}`),
      ...Object.entries(seg.timbre).flatMap(([k, v]) =>
        Array.isArray(v) ? v.map((_, i) => `timbre.${k}[${i}]`) : [`timbre.${k}`],
      ),
      ...Object.entries(seg.harmony).flatMap(([k, v]) =>
        Array.isArray(v) ? v.map((_, i) => `harmony.${k}[${i}]`) : [`harmony.${k}`],
      ),
    ];
    assert.deepEqual(names, FEATURE_VECTOR_NAMES);
  }
  // A track of 60 s or less reuses the full values.
  assert.deepEqual(f.start, f.full);
  assert.deepEqual(f.end, f.full);
  assert.equal(f.metadata.extraction_method, 'beat3tower');
  assert.equal(f.metadata.sample_rate, 22_050);
  assert.equal(f.metadata.n_beats_full, f.full.n_beats);
  assert.ok(Math.abs(f.metadata.duration - 12) < 1e-3);
  // The JSON round-trips without losing anything (no NaN turned into null).
  assert.deepEqual(JSON.parse(JSON.stringify(f)), f);
});

test('a track longer than 60 s gets its own start, mid and end segments (a tempo change shows)', () => {
  // 30 s at 100 BPM, then 40 s at 130 BPM.
  const a = renderMusic(piece(100, 0, 'major'), 0, 30 * SR);
  const b = renderMusic(piece(130, 0, 'major'), 0, 40 * SR);
  const x = new Float32Array(a.length + b.length);
  x.set(a);
  x.set(b, a.length);
  const f = analyseSamples(x).features;
  assert.ok(Math.abs(f.start.bpm_info.primary_bpm - 100) < 1, `start ${f.start.bpm_info.primary_bpm}`);
  assert.ok(Math.abs(f.end.bpm_info.primary_bpm - 130) < 1, `end ${f.end.bpm_info.primary_bpm}`);
  assert.notDeepEqual(f.mid, f.full);
  assert.ok(f.start.n_beats > 40 && f.start.n_beats < 56, `start beats ${f.start.n_beats}`);
});

test('silence falls back to a fixed 60 BPM grid; a tiny clip to plain statistics', () => {
  const silent = analyseSamples(new Float32Array(10 * SR));
  assert.equal(silent.sonicSource, 'beat3tower_timegrid');
  assert.equal(silent.features.metadata.beat_source, 'fixed_grid');
  assert.equal(silent.bpm, 60);
  assert.equal(silent.features.full.bpm_info.tempo_stability, 0);
  assert.ok(Math.abs(silent.features.full.n_beats - 10) <= 1);
  assert.ok(segmentVector(silent.features.full)!.every(Number.isFinite));

  // Half a second: even the 60 BPM grid has a single beat, so no interval to average over.
  const tiny = analyseSamples(new Float32Array(Math.round(0.5 * SR)));
  assert.equal(tiny.sonicSource, 'beat3tower_stats');
  assert.equal(tiny.features.metadata.beat_source, 'frames');
  assert.ok(segmentVector(tiny.features.full)!.every(Number.isFinite));
});

test('half/double tempo flags: over 25% of interval tempos within 15 BPM of half or double', () => {
  const period = (bpm: number): number => (60 * FRAMES_PER_SECOND) / bpm;
  const beatsAt = (bpms: number[]): number[] => {
    const out = [0];
    for (const b of bpms) out.push(out[out.length - 1]! + period(b));
    return out;
  };
  const steady = beatsAt(Array(20).fill(120));
  assert.deepEqual(octaveFlags({ beats: steady, bpm: 120 }), { half: false, double: false });
  // 6 of 20 intervals (30%) at 62 BPM: half of 120 within 15.
  const someHalf = beatsAt([...Array(14).fill(120), ...Array(6).fill(62)]);
  assert.deepEqual(octaveFlags({ beats: someHalf, bpm: 120 }), { half: true, double: false });
  // 4 of 20 (20%) is not enough.
  const fewHalf = beatsAt([...Array(16).fill(120), ...Array(4).fill(62)]);
  assert.deepEqual(octaveFlags({ beats: fewHalf, bpm: 120 }), { half: false, double: false });
  const someDouble = beatsAt([...Array(12).fill(90), ...Array(8).fill(175)]);
  assert.deepEqual(octaveFlags({ beats: someDouble, bpm: 90 }), { half: false, double: true });
});

test('the file rate and channel layout do not change the result (44.1 kHz stereo, 48 kHz, 22.05 kHz mono)', async (t) => {
  const tmp = makeTempDir('analysis-rates');
  t.after(tmp.cleanup);
  // Clicks and chords only: their content is below 11 kHz at every rate (noise would not be).
  const spec = { bpm: 128, tonic: 9, mode: 'minor' as const, rhythm: 'click' as const };
  const files: string[] = [];
  for (const [rate, channels] of [
    [22_050, 1],
    [44_100, 2],
    [48_000, 2],
  ] as const) {
    const file = path.join(tmp.dir, `music-${rate}-${channels}.wav`);
    fs.writeFileSync(
      file,
      encodeWav(synthesize({ ...spec, sampleRate: rate }, 15, channels), { sampleRate: rate, bits: 32 }),
    );
    files.push(file);
  }
  const results = [];
  for (const f of files) results.push(await analyseAudioFile(f));
  const [ref, ...others] = results;
  for (const r of others) {
    assert.ok(Math.abs(r.bpm - ref!.bpm) < 0.5, `${r.bpm} vs ${ref!.bpm}`);
    assert.equal(r.key, 'A minor');
    assert.equal(r.features.full.n_beats, ref!.features.full.n_beats);
    const a = segmentVector(ref!.features.full)!;
    const b = segmentVector(r.features.full)!;
    // MFCC medians (the timbre) agree closely.
    for (let i = 21; i < 41; i++)
      assert.ok(Math.abs(a[i]! - b[i]!) < 0.05 * Math.abs(a[i]!) + 1.5, `mfcc ${i - 21}: ${a[i]} vs ${b[i]}`);
  }
  assert.equal(ref!.features.metadata.source_sample_rate, 22_050);
  assert.equal(results[1]!.features.metadata.source_channels, 2);
});
