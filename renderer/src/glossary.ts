// Plain words for the terms Backbeat shows as they are stored: one sentence each,
// used as the tooltip (and accessible description) beside the term wherever it appears.
export const GLOSSARY = {
  layoutA:
    'Layout A: the library notes when each track was analysed in sonic_features_updated_at (a date and time). Backbeat reads both layouts; nothing to do.',
  layoutB:
    'Layout B: the generator’s own columns — sonic_analyzed_at, sonic_source and sonic_failed_at (tracks whose analysis failed). Backbeat reads both layouts; nothing to do.',
  layoutNone:
    'No tracks table Backbeat recognises: the database is still backed up, verified and restored whole.',
  beat3tower:
    'beat3tower: the current analysis format — beat-synchronous rhythm, timbre and harmony features for the whole track and its start, middle and end.',
  legacy:
    'legacy: analysis in an older format (one segment, no beat3tower marker). It still works, but a rescan replaces it with beat3tower.',
  schemaFingerprint:
    'Schema fingerprint: a checksum of the database’s table definitions. Equal fingerprints mean the backup and the library have the same structure.',
  rescanTiers:
    'Tiers: while a rescan runs, each tier makes a backup every time the count of analysed tracks passes a multiple of its number (frequent: small steps, milestone: big ones). Each backup is tagged with its tier, so the cleanup’s Frequent / Moderate / Milestone counts below say how many of each to keep.',
} as const;

export type GlossaryTerm = keyof typeof GLOSSARY;

export function layoutHelp(variant: string | null | undefined): string | null {
  if (variant === 'A') return GLOSSARY.layoutA;
  if (variant === 'B') return GLOSSARY.layoutB;
  if (variant === 'none') return GLOSSARY.layoutNone;
  return null;
}
