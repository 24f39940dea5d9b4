// Variant A libraries have no column for failed analyses, and Backbeat never adds
// columns to a user's database, so their failures live in Backbeat's state folder:
// one small JSON file per library, keyed by the library's real path.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../fs/atomic-file';
import { realPathOf } from '../fs/real-path';

export interface FailureRecord {
  filePath: string | null;
  reason: string;
  failedAt: string;
}

interface FailureFile {
  formatVersion: 1;
  libraryPath: string;
  failures: Record<string, FailureRecord>;
}

/** The library's one identity (real-path.ts), shared with the lock and the schedule. */
function canonical(libraryPath: string): string {
  return realPathOf(libraryPath);
}

export function failureFilePath(stateDir: string, libraryPath: string): string {
  const key = crypto.createHash('sha256').update(canonical(libraryPath)).digest('hex').slice(0, 24);
  return path.join(stateDir, 'rescan-failures', `${key}.json`);
}

export class FailureStore {
  private constructor(
    private readonly file: string,
    private readonly libraryPath: string,
    private readonly failures: Map<string, FailureRecord>,
  ) {}

  /** Reads the library's failures; a missing or unreadable file means none are known. */
  static load(stateDir: string, libraryPath: string): FailureStore {
    const file = failureFilePath(stateDir, libraryPath);
    const map = new Map<string, FailureRecord>();
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<FailureFile>;
      if (parsed.formatVersion === 1 && parsed.failures && typeof parsed.failures === 'object') {
        for (const [id, rec] of Object.entries(parsed.failures)) {
          if (rec && typeof rec.reason === 'string') map.set(id, rec);
        }
      }
    } catch {
      // No file yet, or damaged: start from nothing (the worst case is one retry too many).
    }
    return new FailureStore(file, canonical(libraryPath), map);
  }

  has(trackId: string): boolean {
    return this.failures.has(trackId);
  }

  get size(): number {
    return this.failures.size;
  }

  get(trackId: string): FailureRecord | undefined {
    return this.failures.get(trackId);
  }

  record(trackId: string, rec: FailureRecord): void {
    this.failures.set(trackId, rec);
  }

  clear(trackId: string): void {
    this.failures.delete(trackId);
  }

  /** Writes the file atomically (temp file, fsync, rename). */
  async save(): Promise<void> {
    const dir = path.dirname(this.file);
    await fs.promises.mkdir(dir, { recursive: true });
    const body: FailureFile = {
      formatVersion: 1,
      libraryPath: this.libraryPath,
      failures: Object.fromEntries(this.failures),
    };
    const temp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${crypto.randomUUID()}.tmp`);
    try {
      await fs.promises.writeFile(temp, `${JSON.stringify(body)}\n`, { flag: 'wx' });
      const handle = await fs.promises.open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temp, this.file);
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    await fsyncDir(dir);
  }
}
