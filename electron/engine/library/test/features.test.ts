// summarizeFeatures: the format rule (beat3tower only when full.extraction_method says
// so in valid JSON), bpm and key strength, and agreement with JSON.parse and with
// SQLite's JSON functions (BEAT3TOWER_SQL, for format counts in SQL) on a fuzzed corpus.
// Also the 137 feature names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { beat3towerFeatures, legacyFeatures } from '../../demo/demo-features';
import { SeededRandom } from '../../demo/demo-random';
import {
  FEATURE_VECTOR_LENGTH,
  FEATURE_VECTOR_NAMES,
  HARMONY_FIELDS,
  RHYTHM_FIELDS,
  TIMBRE_FIELDS,
  segmentVector,
  valueCount,
} from '../feature-names';
import { BEAT3TOWER_SQL, summarizeColumn, summarizeFeatures, type FeatureSummary } from '../features';

const LEGACY_EMPTY: FeatureSummary = { format: 'legacy', bpm: null, keyStrength: null };

function b3(full: string, rest = ''): string {
  return `{"full":${full}${rest}}`;
}

/** The rule written the obvious (slow) way, to check the fast walk against. */
function reference(json: string | null): FeatureSummary {
  if (json === null) return { format: 'none', bpm: null, keyStrength: null };
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return LEGACY_EMPTY;
  }
  const obj = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const top = obj(doc);
  const full = obj(top?.full);
  if (full && full.extraction_method === 'beat3tower') {
    return {
      format: 'beat3tower',
      bpm: num(obj(full.bpm_info)?.primary_bpm),
      keyStrength: num(obj(full.harmony)?.key_strength),
    };
  }
  return { format: 'legacy', bpm: num(top?.bpm) ?? num(top?.tempo), keyStrength: num(top?.key_strength) };
}

describe('summarizeFeatures', () => {
  it('reads NULL as none', () => {
    assert.deepEqual(summarizeFeatures(null), { format: 'none', bpm: null, keyStrength: null });
    assert.deepEqual(summarizeColumn(null), { format: 'none', bpm: null, keyStrength: null });
  });

  it('reads beat3tower documents: bpm from full.bpm_info, key strength from full.harmony', () => {
    const doc = b3(
      '{"extraction_method":"beat3tower","n_beats":402,"bpm_info":{"primary_bpm":120.1,"half_tempo_likely":false},' +
        '"rhythm":{"bpm":99,"onset_median":[1,2]},"harmony":{"chroma_median":[0.1,0.2],"key_strength":0.71}}',
      ',"start":{"bpm_info":{"primary_bpm":1}},"metadata":{"extraction_method":"beat3tower"}',
    );
    assert.deepEqual(summarizeFeatures(doc), { format: 'beat3tower', bpm: 120.1, keyStrength: 0.71 });
    // Python's default separators, escapes and unicode in other members change nothing.
    const spaced = b3(
      '{"extraction_method": "beat3tower", "note": "tab\\there \\u00e9\\"q\\"", "bpm_info": {"primary_bpm": 1.2e2},' +
        ' "harmony": {"key_strength": -0.5E-1}}',
      ', "title": "Café ☕"',
    );
    assert.deepEqual(summarizeFeatures(` \n${spaced}\n `), {
      format: 'beat3tower',
      bpm: 120,
      keyStrength: -0.05,
    });
    // Missing or non-numeric values are null; the format stays beat3tower.
    assert.deepEqual(
      summarizeFeatures(b3('{"extraction_method":"beat3tower","bpm_info":{"primary_bpm":"120"}}')),
      {
        format: 'beat3tower',
        bpm: null,
        keyStrength: null,
      },
    );
    assert.deepEqual(
      summarizeFeatures(b3('{"extraction_method":"beat3tow\\u0065r","harmony":5}')).format,
      'beat3tower',
    );
  });

  it('reads everything else that is not NULL as legacy', () => {
    const legacy = [
      '{"tempo":121.5,"mfcc_mean":[1,2,3]}',
      '{"metadata":{"extraction_method":"beat3tower"},"full":{}}',
      '{"start":{"extraction_method":"beat3tower"}}',
      b3('{"extraction_method":"beat2tower"}'),
      b3('{"extraction_method":"Beat3Tower"}'),
      b3('"beat3tower"'),
      b3('[{"extraction_method":"beat3tower"}]'),
      '{"extraction_method":"beat3tower"}',
    ];
    for (const doc of legacy) assert.equal(summarizeFeatures(doc).format, 'legacy', doc);
    assert.deepEqual(summarizeFeatures('{"tempo":121.5,"key_strength":0.4}'), {
      format: 'legacy',
      bpm: 121.5,
      keyStrength: 0.4,
    });
    assert.equal(summarizeFeatures('{"bpm":98,"tempo":121.5}').bpm, 98, 'bpm wins over tempo');
    assert.equal(summarizeFeatures('{"bpm":"fast","tempo":121.5}').bpm, 121.5);
    assert.equal(summarizeFeatures('{"windows":[{"tempo":1}]}').bpm, null, 'only the top level counts');
    for (const doc of ['[]', '[1,2]', '"beat3tower"', '42', 'null', 'true', '{}']) {
      assert.deepEqual(summarizeFeatures(doc), LEGACY_EMPTY, doc);
    }
  });

  it('reads invalid JSON as legacy without values, even when it names beat3tower', () => {
    const good = b3('{"extraction_method":"beat3tower","bpm_info":{"primary_bpm":120}}');
    const invalid = [
      '',
      '   ',
      good.slice(0, -1),
      `${good}x`,
      `${good}{}`,
      good.replace('120', '0120'),
      good.replace('120', '120.'),
      good.replace('120', 'NaN'),
      good.replace('}}', ',}}'),
      good.replaceAll('"', "'"),
      good.replace('beat3tower', 'beat3\ttower'),
      good.replace('beat3tower', 'beat3tower\\x'),
      '{"tempo":120,}',
      '{"tempo":1e}',
      '{"tempo":-}',
    ];
    for (const doc of invalid) assert.deepEqual(summarizeFeatures(doc), LEGACY_EMPTY, JSON.stringify(doc));
  });

  it('lets a repeated key count last, as JSON.parse does', () => {
    const doc = `{"full":{"extraction_method":"beat3tower"},"full":{"extraction_method":"legacy"}}`;
    assert.equal(summarizeFeatures(doc).format, 'legacy');
    const doc2 = b3(
      '{"extraction_method":"x","extraction_method":"beat3tower","bpm_info":{"primary_bpm":1},"bpm_info":7}',
    );
    assert.deepEqual(summarizeFeatures(doc2), { format: 'beat3tower', bpm: null, keyStrength: null });
  });

  it('counts a non-text column value as legacy (as the SQL stats do)', () => {
    assert.deepEqual(summarizeColumn(Buffer.from(b3('{"extraction_method":"beat3tower"}'))), LEGACY_EMPTY);
    assert.deepEqual(summarizeColumn(12), LEGACY_EMPTY);
  });

  it('agrees with JSON.parse and with SQLite on a fuzzed corpus of real-shaped documents', () => {
    const rng = new SeededRandom(99);
    const noise = ['"', '\\', '{', '}', '[', ']', ',', ':', '-', '.', 'e', '0', '7', ' ', 'x', '\u0001', 'u'];
    const docs: string[] = [];
    for (let i = 0; i < 300; i++) {
      const base = rng.chance(0.8)
        ? beat3towerFeatures(rng, rng.range(20, 400)).json
        : legacyFeatures(rng, 200);
      docs.push(base);
      // Damage each document a few ways: one changed character, one deletion, one insertion.
      for (let k = 0; k < 3; k++) {
        const at = rng.int(0, base.length - 1);
        const ch = rng.pick(noise);
        const mutated =
          k === 0
            ? base.slice(0, at) + ch + base.slice(at + 1)
            : k === 1
              ? base.slice(0, at) + base.slice(at + 1)
              : base.slice(0, at) + ch + base.slice(at);
        docs.push(mutated);
      }
      // And early damage, where the beat3tower marker lives.
      const early = rng.int(0, 40);
      docs.push(base.slice(0, early) + rng.pick(noise) + base.slice(early + 1));
    }
    const db = new Database(':memory:');
    const sqlFormat = db.prepare(`SELECT ${BEAT3TOWER_SQL} FROM (SELECT ? AS sonic_features)`).pluck();
    let beat3tower = 0;
    let legacy = 0;
    for (const doc of docs) {
      const fast = summarizeFeatures(doc);
      assert.deepEqual(fast, reference(doc), doc.slice(0, 200));
      assert.equal(fast.format === 'beat3tower', sqlFormat.get(doc) === 1, doc.slice(0, 200));
      if (fast.format === 'beat3tower') beat3tower++;
      else legacy++;
    }
    db.close();
    assert.ok(beat3tower > 200 && legacy > 200, `a mixed corpus (${beat3tower} / ${legacy})`);
  });
});

describe('feature names', () => {
  it('has the 137 named values in the reference order', () => {
    assert.equal(valueCount(RHYTHM_FIELDS), 21);
    assert.equal(valueCount(TIMBRE_FIELDS), 83);
    assert.equal(valueCount(HARMONY_FIELDS), 33);
    assert.equal(FEATURE_VECTOR_NAMES.length, FEATURE_VECTOR_LENGTH);
    assert.equal(new Set(FEATURE_VECTOR_NAMES).size, 137);
    assert.deepEqual(
      RHYTHM_FIELDS.map((f) => f.name),
      [
        'onset_median',
        'onset_iqr',
        'onset_std',
        'onset_p10',
        'onset_p90',
        'tempo_peak1_lag',
        'tempo_peak2_lag',
        'tempo_peak_ratio',
        'tempo_acf_lag1',
        'tempo_acf_lag2',
        'tempo_acf_lag3',
        'tempo_acf_lag4',
        'tempo_acf_lag5',
        'beat_interval_cv',
        'beat_interval_median',
        'beat_strength_median',
        'beat_strength_iqr',
        'onset_rate',
        'rhythm_entropy',
        'bpm',
        'tempo_stability',
      ],
    );
    assert.deepEqual(
      TIMBRE_FIELDS.map((f) => [f.name, f.length]),
      [
        ['mfcc_median', 20],
        ['mfcc_iqr', 20],
        ['mfcc_delta_median', 20],
        ['spec_contrast_median', 7],
        ['spec_contrast_iqr', 7],
        ['spec_rolloff_median', null],
        ['spec_rolloff_iqr', null],
        ['spec_centroid_median', null],
        ['spec_centroid_iqr', null],
        ['spec_bandwidth_median', null],
        ['spec_bandwidth_iqr', null],
        ['spec_flux_median', null],
        ['spec_flux_iqr', null],
        ['zcr_median', null],
      ],
    );
    assert.deepEqual(
      HARMONY_FIELDS.map((f) => [f.name, f.length]),
      [
        ['chroma_median', 12],
        ['chroma_iqr', 12],
        ['chroma_entropy', null],
        ['chroma_peak_count', null],
        ['key_strength', null],
        ['tonnetz_median', 6],
      ],
    );
    assert.equal(FEATURE_VECTOR_NAMES[0], 'rhythm.onset_median');
    assert.equal(FEATURE_VECTOR_NAMES[21], 'timbre.mfcc_median[0]');
    assert.equal(FEATURE_VECTOR_NAMES[103], 'timbre.zcr_median');
    assert.equal(FEATURE_VECTOR_NAMES[104], 'harmony.chroma_median[0]');
    assert.equal(FEATURE_VECTOR_NAMES[136], 'harmony.tonnetz_median[5]');
  });

  it('flattens a segment into its 137 values, or null when one is missing', () => {
    const doc = JSON.parse(beat3towerFeatures(new SeededRandom(1), 200).json) as Record<string, unknown>;
    const full = doc.full as { rhythm: Record<string, unknown>; timbre: Record<string, unknown> };
    const vector = segmentVector(full);
    assert.ok(vector);
    assert.equal(vector.length, 137);
    assert.equal(vector[19], full.rhythm.bpm);
    assert.equal(vector[21], (full.timbre.mfcc_median as number[])[0]);
    assert.equal(segmentVector({ ...full, rhythm: { ...full.rhythm, bpm: 'x' } }), null);
    assert.equal(segmentVector({ ...full, timbre: { ...full.timbre, mfcc_iqr: [1, 2] } }), null);
    assert.equal(segmentVector({ rhythm: full.rhythm }), null);
    assert.equal(segmentVector(null), null);
  });
});
