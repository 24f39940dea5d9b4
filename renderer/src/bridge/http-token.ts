// The per-launch token of the browser-mode host. It arrives once as `?token=` in
// the printed address; we keep it in sessionStorage (this tab only) so a reload
// still works after we drop it from the address bar.

const STORAGE_KEY = 'backbeat.token';

function readStored(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(token: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage can be disabled; the cookie the host sets still authenticates this tab.
  }
}

/** Reads the token from the page address (preferred) or from this tab's storage. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (!fromUrl) return readStored();
  store(fromUrl);
  // Keep the secret out of the history list, bookmarks and screenshots.
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return fromUrl;
}
