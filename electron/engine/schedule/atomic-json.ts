// Small JSON files that must never be seen half-written: write a temp file, fsync,
// rename over the target, fsync the folder. Reads validate against a schema so a
// damaged or foreign file is reported, not trusted.
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import type { z } from 'zod';

export function writeJsonAtomic(filePath: string, value: unknown): Promise<void> {
  return writeFileAtomic(filePath, `${JSON.stringify(value, null, 2)}\n`);
}

/** Text is written as UTF-8; pass a Buffer for anything else. */
export async function writeFileAtomic(filePath: string, data: string | Buffer): Promise<void> {
  const dir = path.dirname(filePath);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(filePath)}.${process.pid}.${crypto.randomUUID()}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, filePath);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  await syncFolder(dir);
}

/** Makes the rename itself durable. Folders cannot be opened for sync on Windows; that is fine there. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: not supported on every platform and file system.
  } finally {
    await handle?.close();
  }
}

export type JsonReadResult<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  | { status: 'invalid'; problem: string };

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
    const why = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    return { status: 'invalid', problem: `${filePath} does not hold what Backbeat expects: ${why}` };
  }
  return { status: 'ok', value: parsed.data };
}
