// The beat3tower analysis on synthesized music with a known tempo and key: librosa's
// tempo (the tempogram lag nearest the beat), the right key, the reference's exact
// layout, the generator's fall-backs (silence, clips), and results that do not
// depend on the file's rate or channel layout. How closely the values follow the
// generator's on real music is tested against its own numbers in bench/fidelity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyseAudioFile, analyseSamples } from '../analyse-file';
import { FEATURE_VECTOR_LENGTH, FEATURE_VECTOR_NAMES, segmentVector } from '../../library/feature-names';
import { bpmInfo } from '../rhythm-tower';
import { FRAMES_PER_SECOND } from '../constants';
import { synthesize, PITCH_CLASS_NAMES, type MusicSpec } from '../../audio/synth';
import { encodeWav } from '../../audio/wav-writer';
import { renderMusic } from '../../audio/synth';
import { makeTempDir } from '../../test/fixtures/temp-dir';

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
  test(`${rhythm} at ${bpm} BPM in ${key}: tempo on the nearest tempogram lag, key right, tracked beats`, () => {
    const r = analyseSamples(synthesize(piece(bpm, tonic, mode, rhythm), 20)[0]!);
    // librosa may settle on half the tempo (the generator's number then is too).
    const lag = (60 * FRAMES_PER_SECOND) / bpm;
    const got = (60 * FRAMES_PER_SECOND) / r.bpm;
    const octave = Math.max(1, Math.round(got / lag));
    assert.ok(Math.abs(got - octave * lag) <= octave, `tempo ${r.bpm}`);
    assert.ok(Math.abs((r.features.metadata.backbeat_bpm as number) - bpm) < 1);
    assert.equal(r.key, key);
    assert.equal(r.sonicSource, 'beat3tower_beats');
    assert.equal(r.features.metadata.beat_mode, 'beats');
    assert.equal(r.features.metadata.compatible_with, 'beat3tower 3.2.0');
    const full = r.features.full;
    assert.ok(Math.abs(full.n_beats - (20 * bpm) / 60 / octave) <= 4, `n_beats ${full.n_beats}`);
    assert.equal(full.bpm_info.half_tempo_likely, false);
    assert.equal(full.bpm_info.double_tempo_likely, false);
    assert.ok(full.bpm_info.tempo_stability > 0.9, `stability ${full.bpm_info.tempo_stability}`);
    assert.ok(full.rhythm.beat_interval_cv! < 0.1);
    assert.ok(Math.abs(full.rhythm.beat_interval_median! - 60 / r.bpm) < 0.03 * octave);
    // Max over mean of the time-averaged chroma: well above 1 for tonal music.
    assert.ok((full.harmony.key_strength as number) > 1.3);
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
  const lagOf = (b: number): number => (60 * FRAMES_PER_SECOND) / b;
  assert.ok(
    Math.abs(lagOf(f.start.bpm_info.primary_bpm) - lagOf(100)) <= 1,
    `start ${f.start.bpm_info.primary_bpm}`,
  );
  assert.ok(
    Math.abs(lagOf(f.end.bpm_info.primary_bpm) - lagOf(130)) <= 1,
    `end ${f.end.bpm_info.primary_bpm}`,
  );
  assert.notDeepEqual(f.mid, f.full);
  assert.ok(f.start.n_beats > 40 && f.start.n_beats < 56, `start beats ${f.start.n_beats}`);
});

test("silence gets the generator's zeros and 60 BPM, and no key; a short noise clip its 4 evenly spaced frames", () => {
  const silent = analyseSamples(new Float32Array(10 * SR));
  assert.equal(silent.sonicSource, 'beat3tower_stats');
  assert.equal(silent.features.metadata.silence_flag, true);
  assert.equal(silent.features.metadata.beat_mode, 'stats');
  assert.equal(silent.bpm, 60);
  assert.equal(silent.key, null);
  assert.equal('key' in silent.features.metadata, false);
  const full = silent.features.full;
  assert.equal(full.bpm_info.tempo_stability, 0);
  assert.equal(full.n_beats, 4);
  assert.equal(full.rhythm.tempo_peak_ratio, 1);
  const vector = segmentVector(full)!;
  // Everything zero but tempo_peak_ratio (1) and bpm (60).
  assert.deepEqual(
    vector.flatMap((v, i) => (v !== 0 ? [[FEATURE_VECTOR_NAMES[i], v]] : [])),
    [
      ['rhythm.tempo_peak_ratio', 1],
      ['rhythm.bpm', 60],
    ],
  );

  // Half a second of noise: too short for 4 tracked beats or a 4-beat grid.
  let s = 1;
  const noise = Float32Array.from({ length: Math.round(0.5 * SR) }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 0.2;
  });
  const tiny = analyseSamples(noise);
  assert.equal(tiny.sonicSource, 'beat3tower_stats');
  assert.equal(tiny.features.metadata.silence_flag, false);
  assert.equal(tiny.features.full.n_beats, 4);
  assert.ok(segmentVector(tiny.features.full)!.every(Number.isFinite));
});

test('half/double tempo flags: over 25% of interval tempos within 15 BPM of half or double', () => {
  const period = (bpm: number): number => (60 * FRAMES_PER_SECOND) / bpm;
  const beatsAt = (bpms: number[]): number[] => {
    const out = [0];
    for (const b of bpms) out.push(Math.round(out[out.length - 1]! + period(b)));
    return out;
  };
  const flags = (beats: number[], bpm: number): { half: boolean; double: boolean } => {
    const info = bpmInfo(bpm, beats);
    return { half: info.half_tempo_likely, double: info.double_tempo_likely };
  };
  assert.deepEqual(flags(beatsAt(Array(20).fill(120)), 120), { half: false, double: false });
  // 6 of 20 intervals (30%) at 62 BPM: half of 120 within 15.
  assert.deepEqual(flags(beatsAt([...Array(14).fill(120), ...Array(6).fill(62)]), 120), {
    half: true,
    double: false,
  });
  // 4 of 20 (20%) is not enough.
  assert.deepEqual(flags(beatsAt([...Array(16).fill(120), ...Array(4).fill(62)]), 120), {
    half: false,
    double: false,
  });
  assert.deepEqual(flags(beatsAt([...Array(12).fill(90), ...Array(8).fill(175)]), 90), {
    half: false,
    double: true,
  });
  // Fewer than 4 beats: no flags and stability 0, as the generator.
  assert.deepEqual(bpmInfo(100, [0, 20, 40]), {
    primary_bpm: 100,
    half_tempo_likely: false,
    double_tempo_likely: false,
    tempo_stability: 0,
  });
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
    assert.equal(r.bpm, ref!.bpm);
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
