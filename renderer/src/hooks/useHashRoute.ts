// Screens live in the URL hash (works from file:// in Electron and over HTTP), so
// back/forward and reload keep the user where they were.
import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { screen: 'library' }
  | { screen: 'restore-points' }
  | { screen: 'preview'; backupId: string; undo?: boolean }
  | { screen: 'snapshots' }
  | { screen: 'destinations' }
  | { screen: 'rescan' }
  | { screen: 'schedule' }
  | { screen: 'activity' };

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'preview':
      return `#/restore-points/${encodeURIComponent(route.backupId)}/${route.undo ? 'undo' : 'preview'}`;
    default:
      return `#/${route.screen}`;
  }
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'restore-points' && parts[1] && (parts[2] === 'preview' || parts[2] === 'undo')) {
    try {
      const backupId = decodeURIComponent(parts[1]);
      return parts[2] === 'undo'
        ? { screen: 'preview', backupId, undo: true }
        : { screen: 'preview', backupId };
    } catch {
      return { screen: 'restore-points' };
    }
  }
  if (parts[0] === 'restore-points') return { screen: 'restore-points' };
  if (parts[0] === 'snapshots') return { screen: 'snapshots' };
  if (parts[0] === 'destinations') return { screen: 'destinations' };
  if (parts[0] === 'rescan') return { screen: 'rescan' };
  if (parts[0] === 'schedule') return { screen: 'schedule' };
  if (parts[0] === 'activity') return { screen: 'activity' };
  return { screen: 'library' };
}

export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHref(next);
  }, []);
  return [route, navigate];
}
