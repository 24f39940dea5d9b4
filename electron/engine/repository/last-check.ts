// The outcome of the newest repository check, per library, where health can read it:
// `repository-check.json` beside the repository settings in the data folder, written
// atomically. A damaged or missing file reads as "never checked" (it is a record that
// the next check rewrites, not the user's choices).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RepoCheckResult } from '../../../shared/repository-tools-types';
import { writeFileAtomic } from '../fs/atomic-file';

const recordSchema = z.object({
  outcome: z.enum(['ok', 'errors']),
  message: z.string(),
  errors: z.array(z.string()),
  brokenPacks: z.array(z.string()),
  readDataPercent: z.number(),
  staleLockCleared: z.boolean(),
  repo: z.string(),
  checkedAt: z.string(),
});

const fileSchema = z.object({ version: z.literal(1), libraries: z.record(z.string(), recordSchema) });
type CheckFile = z.infer<typeof fileSchema>;

export function lastCheckPath(dataDir: string): string {
  return path.join(dataDir, 'repository-check.json');
}

function readAll(dataDir: string): CheckFile {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(lastCheckPath(dataDir), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or unreadable: as if never checked.
  }
  return { version: 1, libraries: {} };
}

/** The newest check of the library's repository; null when it was never checked. */
export function readLastCheck(dataDir: string, libraryPath: string): RepoCheckResult | null {
  return readAll(dataDir).libraries[path.resolve(libraryPath)] ?? null;
}

export async function recordLastCheck(
  dataDir: string,
  libraryPath: string,
  result: RepoCheckResult,
): Promise<void> {
  const data = readAll(dataDir);
  data.libraries[path.resolve(libraryPath)] = result;
  const file = lastCheckPath(dataDir);
  await fs.promises.mkdir(dataDir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  await writeFileAtomic(file, tmp, `${JSON.stringify(data, null, 2)}\n`);
}
