// A file's name first, then its folder, muted: in a narrow column the name stays
// readable, and the folder gives way from its start (where paths share a prefix).

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1) || '/';
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** Says why a name shows \xFF: restic lists the bytes of such names as U+FFFD, so the host reads them exactly. */
export const NOT_UTF8_NOTE =
  'A name in this path is not valid UTF-8: each byte that is not is shown as \\xNN.';

/** The path as shown: its display form when a name is not UTF-8, else the path. */
export function shownPath(f: { path: string; display?: string | undefined }): string {
  return f.display ?? f.path;
}

/** The tooltip of a path: the path as shown, and why it shows escaped bytes when it does. */
export function pathTitle(f: { path: string; display?: string | undefined }): string {
  return f.display ? `${f.display}\n${NOT_UTF8_NOTE}` : f.path;
}

interface PathCellProps {
  path: string;
  /** Only for names that are not UTF-8: the path with their bytes shown (from the host). */
  display?: string | undefined;
  /** What to show for the name (default: the shown path's last part). */
  name?: string;
  className?: string;
}

export function PathCell({ path, display, name, className }: PathCellProps) {
  const shown = display ?? path;
  return (
    <span className="path-cell" title={pathTitle({ path, display })}>
      <span className={className ? `path-name ${className}` : 'path-name'}>{name ?? baseName(shown)}</span>
      <span className="path-dir">
        {/* The folder is laid out right to left only so that its start is cut; bdi keeps its text in order. */}
        <bdi dir="ltr">{parentOf(shown)}</bdi>
      </span>
    </span>
  );
}
