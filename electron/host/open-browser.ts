// Opens an address in the system browser. Best effort: with no desktop (or no
// xdg-open) nothing happens, and the printed address still works.
import { spawn } from 'node:child_process';

export function browserCommand(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; its first quoted argument is a window title, hence "".
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const [command, args] = browserCommand(platform, url);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No way to open a browser here; the address is on the terminal.
  }
}
