// Finds an ffmpeg executable on PATH (the optional M4A/AAC decoder). Looked up once
// per process: PATH does not change under a running scan.
import fs from 'node:fs';
import path from 'node:path';

let cached: string | null | undefined;

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of dirs) {
    for (const n of names) {
      const candidate = path.join(dir, n);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // Not here: keep looking.
      }
    }
  }
  return null;
}

export function findFfmpeg(): string | null {
  if (cached === undefined) cached = findOnPath('ffmpeg');
  return cached;
}
