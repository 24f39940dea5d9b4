// Finds the downloaded Electron binary from plain Node, for `npm start`.
//
// `require('electron')` from Node returns the binary's path, but in this Electron
// version it first tries to *download* the binary when it is missing (a network
// call and a stack trace on every start). So we read what it would read instead:
// node_modules/electron/path.txt names the executable inside its dist/ folder.
import fs from 'node:fs';
import path from 'node:path';

export function findElectronBinary(
  electronPackageDir: string | null = locateElectronPackage(),
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (!electronPackageDir) return null;
  let relative: string;
  try {
    relative = fs.readFileSync(path.join(electronPackageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (!relative) return null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronPackageDir, 'dist');
  const binary = path.join(distDir, relative);
  return fs.existsSync(binary) ? binary : null;
}

function locateElectronPackage(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}
