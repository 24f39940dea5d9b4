// An error sentence from the host, announced as soon as it appears.
export function ErrorNotice({ message, title }: { message: string | null; title?: string }) {
  if (!message) return null;
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong className="notice-title">{title}</strong>}
      <span>{message}</span>
    </div>
  );
}
