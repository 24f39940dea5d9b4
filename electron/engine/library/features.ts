// Reading the `sonic_features` JSON: which format it is and the few values a preview shows.
// The format rule matches the reference (and BEAT3TOWER_SQL below, for counts in SQL): beat3tower
// only when `full.extraction_method == "beat3tower"` in valid JSON; any other non-NULL
// value is legacy. The document is walked, not parsed (see json-cursor.ts): a preview may
// summarise tens of thousands of ~7 KB documents.
import type { FeatureFormat } from '../../../shared/types';
import { InvalidJson, JsonCursor } from './json-cursor';

export interface FeatureSummary {
  format: FeatureFormat;
  bpm: number | null;
  keyStrength: number | null;
}

const OPEN_BRACE = 123;

/**
 * SQL that is 1 when the row's `sonic_features` is beat3tower by the same rule as
 * summarizeFeatures, 0 otherwise. Unlike `json_valid(x) AND json_extract(x, ...)`, it
 * never throws "malformed JSON": SQLite does not promise to skip the second operand of
 * AND, but it does evaluate a CASE branch only when its condition holds.
 */
export function beat3towerSqlOf(column: string): string {
  return (
    `(CASE WHEN typeof(${column}) = 'text' AND json_valid(${column}) ` +
    `THEN coalesce(json_extract(${column}, '$.full.extraction_method') = 'beat3tower', 0) ELSE 0 END)`
  );
}

export const BEAT3TOWER_SQL = beat3towerSqlOf('sonic_features');

function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/** The members of `full` that matter; a repeated key counts last, as in JSON.parse. */
interface FullFacts {
  extractionMethod: string | null;
  bpm: number | null;
  keyStrength: number | null;
}

/** Reads one member of an object value (e.g. `primary_bpm` of `bpm_info`); null unless a number. */
function readNestedNumber(cursor: JsonCursor, wanted: string): number | null {
  if (cursor.peek() !== OPEN_BRACE) {
    cursor.skipValue();
    return null;
  }
  let value: number | null = null;
  cursor.forEachMember((key) => {
    if (key === wanted) value = cursor.readNumberOrSkip();
    else cursor.skipValue();
  });
  return value;
}

function readFull(cursor: JsonCursor): FullFacts | null {
  if (cursor.peek() !== OPEN_BRACE) {
    cursor.skipValue();
    return null;
  }
  const facts: FullFacts = { extractionMethod: null, bpm: null, keyStrength: null };
  cursor.forEachMember((key) => {
    if (key === 'extraction_method') facts.extractionMethod = cursor.readStringOrSkip();
    else if (key === 'bpm_info') facts.bpm = readNestedNumber(cursor, 'primary_bpm');
    else if (key === 'harmony') facts.keyStrength = readNestedNumber(cursor, 'key_strength');
    else cursor.skipValue();
  });
  return facts;
}

/** Walks a whole document (validating it); throws InvalidJson for text that is not JSON. */
function summarizeText(json: string): FeatureSummary {
  const cursor = new JsonCursor(json);
  if (cursor.peek() !== OPEN_BRACE) {
    cursor.skipValue();
    cursor.expectEnd();
    return { format: 'legacy', bpm: null, keyStrength: null };
  }
  let full: FullFacts | null = null;
  // Older single-segment formats keep the tempo at the top level, as `bpm` or `tempo`.
  let bpm: number | null = null;
  let tempo: number | null = null;
  let keyStrength: number | null = null;
  cursor.forEachMember((key) => {
    if (key === 'full') full = readFull(cursor);
    else if (key === 'bpm') bpm = cursor.readNumberOrSkip();
    else if (key === 'tempo') tempo = cursor.readNumberOrSkip();
    else if (key === 'key_strength') keyStrength = cursor.readNumberOrSkip();
    else cursor.skipValue();
  });
  cursor.expectEnd();
  const facts = full as FullFacts | null;
  if (facts?.extractionMethod === 'beat3tower') {
    return { format: 'beat3tower', bpm: finite(facts.bpm), keyStrength: finite(facts.keyStrength) };
  }
  return { format: 'legacy', bpm: finite(bpm) ?? finite(tempo), keyStrength: finite(keyStrength) };
}

/** beat3tower only when `full.extraction_method == "beat3tower"`; any other JSON is legacy; NULL is none. */
export function summarizeFeatures(json: string | null): FeatureSummary {
  if (json === null || json === undefined) return { format: 'none', bpm: null, keyStrength: null };
  try {
    return summarizeText(json);
  } catch (err) {
    // Text that is not JSON (or nests too deep to walk) is still analysis data: legacy.
    if (err instanceof InvalidJson || err instanceof RangeError) {
      return { format: 'legacy', bpm: null, keyStrength: null };
    }
    throw err;
  }
}

/**
 * Same as summarizeFeatures for whatever a SQLite column holds. Only text can be
 * beat3tower (SQLite's json_valid reads a blob as binary JSONB, so library stats count
 * a text-in-blob document as legacy; this agrees with them).
 */
export function summarizeColumn(value: unknown): FeatureSummary {
  if (value === null || value === undefined) return { format: 'none', bpm: null, keyStrength: null };
  if (typeof value === 'string') return summarizeFeatures(value);
  return { format: 'legacy', bpm: null, keyStrength: null };
}
