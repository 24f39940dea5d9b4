// A read that failed, with its error sentence and a Try again button beside it (a list
// that could not load, a page of changes that did not come).
import { ErrorNotice } from './ErrorNotice';

interface RetryNoticeProps {
  title?: string;
  message: string | null;
  onRetry(): void;
}

export function RetryNotice({ title, message, onRetry }: RetryNoticeProps) {
  if (!message) return null;
  return (
    <div className="inline-row">
      <ErrorNotice {...(title !== undefined ? { title } : {})} message={message} />
      <button type="button" className="button button-small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
