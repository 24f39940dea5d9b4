// Reading the `sonic_features` JSON: which format it is and the few values a preview shows.
// OWNER: restore helper. Signatures are the contract with the rest of the engine.
import type { FeatureFormat } from '../../shared/types';

export interface FeatureSummary {
  format: FeatureFormat;
  bpm: number | null;
  keyStrength: number | null;
}

/** beat3tower only when `full.extraction_method == "beat3tower"`; any other JSON is legacy; NULL is none. */
export function summarizeFeatures(json: string | null): FeatureSummary {
  void json;
  throw new Error('not implemented');
}
