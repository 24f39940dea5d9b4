// The demo library: variant A, realistic beat3tower features (all 137 named values),
// some legacy, some pending.
// OWNER: restore helper.

export interface DemoOptions {
  tracks?: number;
  /** Deterministic output for tests and benchmarks. */
  seed?: number;
}

/** Writes `<dir>/library.db` (refusing to overwrite an existing one) and returns its path. */
export async function createDemoLibrary(dir: string, options: DemoOptions = {}): Promise<string> {
  void dir;
  void options;
  throw new Error('not implemented');
}
