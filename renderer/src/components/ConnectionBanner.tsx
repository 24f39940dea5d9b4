// A banner across the top the moment the browser-mode host stops answering (its
// event stream drops), instead of an error on the user's next click. It goes away
// by itself when the stream reconnects; Electron's bridge has no connection to lose.
import { useEffect, useState } from 'react';
import { useBridge } from '../bridge/bridge-context';

export function ConnectionBanner() {
  const bridge = useBridge();
  const [lost, setLost] = useState(false);
  useEffect(() => bridge.onConnection?.((connected) => setLost(!connected)), [bridge]);
  if (!lost) return null;
  return (
    <div className="connection-banner" role="alert">
      <strong>Backbeat is not reachable.</strong>{' '}
      <span>
        The connection to <code>backbeat serve</code> was lost; nothing you click now can reach it. Start it
        again (this page reconnects by itself) or reload the page with the new address it prints.
      </span>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
