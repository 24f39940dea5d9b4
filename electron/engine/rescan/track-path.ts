// Where a track's audio is: `file_path` as stored, resolved against the library's
// own folder when it is relative (libraries that travel with their music).
import path from 'node:path';

export function resolveTrackPath(libraryPath: string, filePath: string): string {
  if (filePath.startsWith('file://')) {
    try {
      return new URL(filePath).pathname;
    } catch {
      // Not a valid URL: treat it as a plain path below.
    }
  }
  return path.isAbsolute(filePath)
    ? filePath
    : path.resolve(path.dirname(path.resolve(libraryPath)), filePath);
}
