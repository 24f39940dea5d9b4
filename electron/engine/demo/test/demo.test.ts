// The demo library: layout and extra tables, shares by format, every beat3tower segment
// with exactly the 137 named values in order, generator-style track ids, determinism,
// refusal to overwrite, variant B, cancellation.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/contract';
import { createDemoLibrary, createDemoLibraryWithCounts, type DemoCounts } from '../demo';
import { FEATURE_GROUPS, segmentVector } from '../../library/feature-names';
import { summarizeFeatures } from '../../library/features';
import { detectVariant, getLibraryStats } from '../../library/library';
import { silentContext } from '../../runtime/progress';
import { dumpDatabase, makeTempRoot, removeTree } from '../../test/fixtures/restore-scenario';

interface Row {
  track_id: string;
  artist: string;
  title: string;
  album: string;
  file_path: string;
  sonic_features: string | null;
  sonic_features_updated_at: string | null;
}

function rowsOf(libraryPath: string): Row[] {
  const db = new Database(libraryPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM tracks ORDER BY rowid').all() as Row[];
  } finally {
    db.close();
  }
}

type Json = Record<string, unknown>;

describe('createDemoLibrary', () => {
  let root: string;
  let libraryPath: string;
  let counts: DemoCounts;
  let rows: Row[];

  before(async () => {
    root = makeTempRoot('demo');
    ({ path: libraryPath, counts } = await createDemoLibraryWithCounts(path.join(root, 'a'), {
      tracks: 400,
      seed: 5,
    }));
    rows = rowsOf(libraryPath);
  });
  after(() => removeTree(root));

  it('writes a variant A library with the tables a backup must keep, in WAL mode', () => {
    assert.equal(libraryPath, path.join(root, 'a', 'library.db'));
    const db = new Database(libraryPath, { readonly: true });
    try {
      assert.equal(detectVariant(db), 'A');
      const columns = (
        db.prepare("SELECT name FROM pragma_table_info('tracks')").pluck().all() as string[]
      ).sort();
      assert.deepEqual(
        columns,
        [
          'album',
          'artist',
          'file_path',
          'sonic_features',
          'sonic_features_updated_at',
          'title',
          'track_id',
        ].sort(),
      );
      const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      assert.ok(count('playlists') >= 3);
      assert.ok(count('playlist_tracks') > 10);
      assert.equal(count('genres'), 20);
      assert.equal(count('track_genres'), 400);
      const dangling = db
        .prepare('SELECT count(*) FROM playlist_tracks WHERE track_id NOT IN (SELECT track_id FROM tracks)')
        .pluck()
        .get();
      assert.equal(dangling, 0);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      db.close();
    }
    assert.deepEqual(
      fs.readdirSync(path.join(root, 'a')).filter((n) => n !== 'library.db' && !/-(wal|shm)$/.test(n)),
      [],
    );
  });

  it('has about 85% beat3tower, 7% legacy and 8% pending tracks, as counted', () => {
    assert.equal(counts.tracks, 400);
    assert.equal(counts.beat3tower + counts.legacy + counts.pending, 400);
    const formats = { beat3tower: 0, legacy: 0, none: 0 };
    for (const r of rows) formats[summarizeFeatures(r.sonic_features).format]++;
    assert.deepEqual(formats, { beat3tower: counts.beat3tower, legacy: counts.legacy, none: counts.pending });
    const stats = getLibraryStats(libraryPath);
    assert.deepEqual(
      [stats.beat3tower, stats.legacy, stats.pending],
      [counts.beat3tower, counts.legacy, counts.pending],
    );
    assert.ok(Math.abs(counts.beat3tower / 400 - 0.85) < 0.06, `beat3tower ${counts.beat3tower}`);
    assert.ok(Math.abs(counts.legacy / 400 - 0.07) < 0.04, `legacy ${counts.legacy}`);
    assert.ok(Math.abs(counts.pending / 400 - 0.08) < 0.04, `pending ${counts.pending}`);
    for (const r of rows) {
      assert.equal(r.sonic_features === null, r.sonic_features_updated_at === null);
      if (r.sonic_features_updated_at !== null) {
        assert.equal(new Date(r.sonic_features_updated_at).toISOString(), r.sonic_features_updated_at);
      }
    }
  });

  it('gives every beat3tower segment exactly the 137 named values, in order', () => {
    let checked = 0;
    for (const r of rows) {
      if (summarizeFeatures(r.sonic_features).format !== 'beat3tower') continue;
      const doc = JSON.parse(r.sonic_features!) as Json;
      assert.deepEqual(Object.keys(doc), ['full', 'start', 'mid', 'end', 'metadata']);
      const metadata = doc.metadata as Json;
      assert.equal(metadata.extraction_method, 'beat3tower');
      assert.equal(metadata.sample_rate, 22050);
      assert.equal(typeof metadata.duration, 'number');
      assert.equal(typeof metadata.n_beats_full, 'number');
      for (const name of ['full', 'start', 'mid', 'end']) {
        const segment = doc[name] as Json;
        assert.equal(segment.extraction_method, 'beat3tower');
        assert.equal(typeof segment.n_beats, 'number');
        const bpmInfo = segment.bpm_info as Json;
        assert.deepEqual(Object.keys(bpmInfo), [
          'primary_bpm',
          'half_tempo_likely',
          'double_tempo_likely',
          'tempo_stability',
        ]);
        for (const { group, fields } of FEATURE_GROUPS) {
          const values = segment[group] as Json;
          assert.deepEqual(
            Object.keys(values),
            fields.map((f) => f.name),
            `${name}.${group} names in order`,
          );
        }
        const vector = segmentVector(segment);
        assert.ok(vector, `${name} has all 137 finite values`);
        assert.equal(vector.length, 137);
        assert.equal((segment.rhythm as Json).bpm, bpmInfo.primary_bpm);
      }
      const summary = summarizeFeatures(r.sonic_features);
      assert.equal(summary.bpm, ((doc.full as Json).bpm_info as Json).primary_bpm);
      assert.ok(summary.keyStrength !== null && summary.keyStrength > 0 && summary.keyStrength < 1);
      checked++;
    }
    assert.equal(checked, counts.beat3tower);
    const sizes = rows
      .filter((r) => r.sonic_features?.startsWith('{"full"'))
      .map((r) => r.sonic_features!.length);
    const average = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    assert.ok(
      average > 4000 && average < 9000,
      `about 5-7 KB of JSON per analysed track (${Math.round(average)})`,
    );
  });

  it('writes legacy documents in an older format, with a tempo', () => {
    const legacy = rows.filter((r) => summarizeFeatures(r.sonic_features).format === 'legacy');
    assert.equal(legacy.length, counts.legacy);
    for (const r of legacy) {
      const doc = JSON.parse(r.sonic_features!) as Json;
      assert.equal('full' in doc, false);
      assert.equal(typeof summarizeFeatures(r.sonic_features).bpm, 'number');
    }
  });

  it('derives track_id the way the generator does, from realistic unique paths', () => {
    const paths = new Set<string>();
    for (const r of rows) {
      const expected = crypto
        .createHash('md5')
        .update(`${r.file_path}|${r.artist}|${r.title}`.toLowerCase())
        .digest('hex');
      assert.equal(r.track_id, expected);
      assert.match(r.file_path, /^\/music\/[^/]+\/\d{4} - [^/]+\/\d\d - [^/]+\.(flac|mp3|m4a|ogg|opus)$/);
      assert.ok(r.artist.length > 2 && r.title.length > 0 && r.album.length > 0);
      assert.ok(r.file_path.includes(`/${r.artist.replace(/[/\\:*?"<>|]/g, '_')}/`));
      paths.add(r.file_path.toLowerCase());
    }
    assert.equal(paths.size, rows.length);
    assert.ok(new Set(rows.map((r) => r.artist)).size > 5, 'many artists');
  });

  it('is deterministic for a seed', async () => {
    const again = await createDemoLibrary(path.join(root, 'same'), { tracks: 400, seed: 5 });
    const other = await createDemoLibrary(path.join(root, 'other'), { tracks: 400, seed: 6 });
    assert.equal(dumpDatabase(again), dumpDatabase(libraryPath));
    assert.notEqual(dumpDatabase(other), dumpDatabase(libraryPath));
  });

  it('refuses to overwrite an existing library and leaves it alone', async () => {
    const before = fs.readFileSync(libraryPath);
    await assert.rejects(createDemoLibrary(path.join(root, 'a'), { tracks: 10, seed: 1 }), (e: unknown) => {
      assert.ok(e instanceof ContractError);
      assert.equal(e.code, 'bad-arguments');
      assert.match(e.message, /already exists/);
      return true;
    });
    assert.ok(fs.readFileSync(libraryPath).equals(before));
    await assert.rejects(createDemoLibrary(path.join(root, 'zero'), { tracks: 0 }), /at least 1/);
  });

  it('writes 500 tracks by default', async () => {
    const { counts: defaults } = await createDemoLibraryWithCounts(path.join(root, 'default'));
    assert.equal(defaults.tracks, 500);
    assert.equal(getLibraryStats(path.join(root, 'default', 'library.db')).tracks, 500);
  });

  it('writes the generator layout (variant B) on request', async () => {
    const { path: file, counts: b } = await createDemoLibraryWithCounts(path.join(root, 'b'), {
      tracks: 300,
      seed: 8,
      variant: 'B',
    });
    const stats = getLibraryStats(file);
    assert.equal(stats.variant, 'B');
    assert.deepEqual(
      [stats.beat3tower, stats.legacy, stats.pending, stats.failed],
      [b.beat3tower, b.legacy, b.pending - b.failed, b.failed],
    );
    assert.ok(b.failed > 0);
    const db = new Database(file, { readonly: true });
    try {
      const bad = db
        .prepare(
          `SELECT count(*) FROM tracks WHERE
             (sonic_features IS NULL) <> (sonic_analyzed_at IS NULL)
             OR (sonic_failed_at IS NOT NULL AND sonic_features IS NOT NULL)
             OR (sonic_source IS NOT NULL AND sonic_source NOT LIKE 'beat3tower_%')
             OR typeof(sonic_analyzed_at) NOT IN ('integer', 'null')
             OR duration_ms <= 0`,
        )
        .pluck()
        .get();
      assert.equal(bad, 0);
      const sourced = db.prepare('SELECT count(*) FROM tracks WHERE sonic_source IS NOT NULL').pluck().get();
      assert.equal(sourced, b.beat3tower);
    } finally {
      db.close();
    }
  });

  it('leaves nothing behind when cancelled', async () => {
    const controller = new AbortController();
    const dir = path.join(root, 'cancelled');
    await assert.rejects(
      createDemoLibrary(dir, {
        tracks: 20_000,
        seed: 1,
        ctx: { signal: controller.signal, report: () => controller.abort() },
      }),
      (e: unknown) => e instanceof ContractError && e.code === 'cancelled',
    );
    assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], []);
  });

  it('removes the partial file even when its worker was stopped before cleaning up', async () => {
    // A worker that does not answer the cancel within the grace time is stopped mid-cleanup
    // (it happened on a loaded machine): its partial file is what it leaves.
    const dir = path.join(root, 'stopped');
    fs.mkdirSync(dir, { recursive: true });
    const leftover = path.join(dir, `.library.db.${process.pid}.1796539715834.partial`);
    fs.writeFileSync(leftover, 'half a database');
    fs.writeFileSync(`${leftover}-journal`, 'its journal');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      createDemoLibrary(dir, { tracks: 10, ctx: { signal: controller.signal, report: () => undefined } }),
      (e: unknown) => e instanceof ContractError && e.code === 'cancelled',
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('reports progress while it writes', async () => {
    const fractions: number[] = [];
    await createDemoLibrary(path.join(root, 'progress'), {
      tracks: 1200,
      seed: 2,
      ctx: { ...silentContext(), report: (u) => fractions.push(u.fraction) },
    });
    assert.ok(fractions.length >= 2, `progress reported (${fractions.length})`);
    assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!));
  });
});
