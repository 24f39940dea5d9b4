// Which frames may call the API and where the window may navigate: only our own
// built renderer page, loaded from disk (any #hash is the page's own business).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function makeTrustedPageCheck(indexHtmlPath: string): (url: string) => boolean {
  const expected = path.resolve(indexHtmlPath);
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
    parsed.hash = '';
    parsed.search = '';
    try {
      return path.resolve(fileURLToPath(parsed)) === expected;
    } catch {
      return false;
    }
  };
}
