// A modal dialog: the rest of the app is made inert, Tab cycles inside, Escape
// closes, and focus goes back to whatever had it before the dialog opened.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { focusableIn } from './focusable';

interface DialogProps {
  titleId: string;
  describedBy?: string;
  /** Escape and the backdrop call this; ignored while `busy`. */
  onClose(): void;
  busy?: boolean;
  /** Gets focus when the dialog opens; defaults to the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}

const APP_ROOT_ID = 'root';

export function Dialog({ titleId, describedBy, onClose, busy = false, initialFocus, children }: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const appRoot = document.getElementById(APP_ROOT_ID);
    if (appRoot) {
      // inert stops focus and clicks; aria-hidden also hides it from the accessibility tree.
      appRoot.inert = true;
      appRoot.setAttribute('aria-hidden', 'true');
    }
    const target = initialFocus?.current ?? (panel.current ? focusableIn(panel.current)[0] : undefined);
    (target ?? panel.current)?.focus();

    // Keep focus inside even if something outside grabs it programmatically.
    const onFocusIn = (event: FocusEvent) => {
      if (panel.current && event.target instanceof Node && !panel.current.contains(event.target)) {
        (focusableIn(panel.current)[0] ?? panel.current).focus();
      }
    };
    document.addEventListener('focusin', onFocusIn);

    return () => {
      // The trap must go first, or it would pull the returning focus back into the closing dialog.
      document.removeEventListener('focusin', onFocusIn);
      if (appRoot) {
        appRoot.inert = false;
        appRoot.removeAttribute('aria-hidden');
      }
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
    // Focus is placed once, when the dialog opens (initialFocus is a stable ref).
  }, []);

  // Escape is heard on the document so it works even when focus fell to <body>
  // (for example after the focused button was disabled).
  const closeRef = useRef({ onClose, busy });
  useLayoutEffect(() => {
    closeRef.current = { onClose, busy };
  });
  useEffect(() => {
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      if (!closeRef.current.busy) closeRef.current.onClose();
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || !panel.current) return;
    const focusables = focusableIn(panel.current);
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div
        ref={panel}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
