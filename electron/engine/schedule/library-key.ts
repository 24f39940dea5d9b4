// File names for per-library state: readable (the library's base name) and unique
// (a hash of its full path), so two `music.db` files in different folders never share one.
import path from 'node:path';
import crypto from 'node:crypto';
import { realPathOf } from '../fs/real-path';

export function libraryFileKey(libraryPath: string): string {
  // The real path: a symlink to the library shares its schedule and state.
  const full = realPathOf(libraryPath);
  const hash = crypto.createHash('sha256').update(full).digest('hex').slice(0, 16);
  const base = path
    .basename(full)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 48);
  return `${base}-${hash}`;
}
