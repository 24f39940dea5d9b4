// A file's name first, then its folder, muted: in a narrow column the name stays
// readable, and the folder gives way from its start (where paths share a prefix).

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1) || '/';
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

interface PathCellProps {
  path: string;
  /** What to show for the name (default: the path's last part). */
  name?: string;
  className?: string;
}

export function PathCell({ path, name, className }: PathCellProps) {
  return (
    <span className="path-cell" title={path}>
      <span className={className ? `path-name ${className}` : 'path-name'}>{name ?? baseName(path)}</span>
      <span className="path-dir">
        {/* The folder is laid out right to left only so that its start is cut; bdi keeps its text in order. */}
        <bdi dir="ltr">{parentOf(path)}</bdi>
      </span>
    </span>
  );
}
