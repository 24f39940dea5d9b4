// Small JSON files that must never be seen half-written (temp file, fsync, rename,
// fsync the folder: the engine's atomic-file does that). Reads validate against a schema so a
// damaged or foreign file is reported, not trusted.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { tempPathBeside, writeFileAtomic } from './atomic-file';
import { describeZodIssues } from '../../../shared/zod-issues';

export function writeJsonAtomic(filePath: string, value: unknown): Promise<void> {
  return writeFileInFolder(filePath, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Through the engine's crash-safe write, with a temp name no listing mistakes for data;
 * the folder is made first when it is missing.
 */
export async function writeFileInFolder(filePath: string, data: string | Buffer): Promise<void> {
  const dir = path.dirname(filePath);
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomic(filePath, tempPathBeside(filePath), data);
}

export type JsonReadResult<T> =
  { status: 'missing' } | { status: 'ok'; value: T } | { status: 'invalid'; problem: string };

export async function readJsonValidated<S extends z.ZodType>(
  filePath: string,
  schema: S,
): Promise<JsonReadResult<z.infer<S>>> {
  let text: string;
  try {
    text = await fs.readFile(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'invalid', problem: `Cannot read ${filePath}: ${(err as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { status: 'invalid', problem: `${filePath} is not valid JSON: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const why = describeZodIssues(parsed.error, { withPath: true });
    return { status: 'invalid', problem: `${filePath} does not hold what Backbeat expects: ${why}` };
  }
  return { status: 'ok', value: parsed.data };
}
