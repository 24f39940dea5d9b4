// Success messages in the corner. The container is a polite live region that exists
// from the start, so screen readers announce every message added to it.
import { createPortal } from 'react-dom';
import { useToasts } from '../hooks/toasts-context';

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  // Portalled outside #root so it stays audible while a modal dialog hides the app.
  return createPortal(
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <span>{toast.message}</span>
          <button
            type="button"
            className="toast-close"
            aria-label="Dismiss message"
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>,
    document.body,
  );
}
