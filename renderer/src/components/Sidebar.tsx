// Left navigation between the main screens, with the job indicator at the bottom.
import { routeHref, type Route } from '../hooks/useHashRoute';
import { Icon, type IconName } from './Icon';
import { JobIndicator } from './JobIndicator';

type NavScreen =
  'library' | 'restore-points' | 'snapshots' | 'destinations' | 'rescan' | 'schedule' | 'activity';

const ITEMS: { screen: NavScreen; label: string; icon: IconName }[] = [
  { screen: 'library', label: 'Library', icon: 'library' },
  { screen: 'restore-points', label: 'Restore points', icon: 'restore' },
  { screen: 'snapshots', label: 'Snapshots', icon: 'snapshots' },
  { screen: 'destinations', label: 'Destinations', icon: 'destinations' },
  { screen: 'rescan', label: 'Rescan', icon: 'rescan' },
  { screen: 'schedule', label: 'Schedule', icon: 'schedule' },
  { screen: 'activity', label: 'Activity', icon: 'activity' },
];

/** The preview belongs to "Restore points" as far as the sidebar is concerned. */
function sectionOf(route: Route): string {
  return route.screen === 'preview' ? 'restore-points' : route.screen;
}

export function Sidebar({ route, libraryName }: { route: Route; libraryName: string | null }) {
  const current = sectionOf(route);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar-brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-text">
          <span className="brand-name">Backbeat</span>
          {libraryName && (
            <span className="brand-library" title={libraryName}>
              {libraryName}
            </span>
          )}
        </span>
      </div>
      <ul className="nav-list">
        {ITEMS.map((item) => (
          <li key={item.screen}>
            <a
              className="nav-item"
              href={routeHref({ screen: item.screen })}
              aria-current={current === item.screen ? 'page' : undefined}
            >
              <Icon name={item.icon} />
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        <JobIndicator />
      </div>
    </nav>
  );
}
