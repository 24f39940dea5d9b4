// Renderer entry: pick the bridge (Electron preload or HTTP), then mount the app.
import './zod-config';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/grid.css';
import './styles/screens.css';
import './styles/screens-preview.css';
import './styles/screens-rescan-schedule.css';
import './styles/snapshots.css';
import './styles/destinations.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { BridgeProvider } from './bridge/bridge-context';
import { selectBridge } from './bridge/select-bridge';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Toasts } from './components/Toasts';
import { JobsProvider } from './hooks/jobs-context';
import { ToastsProvider } from './hooks/toasts-context';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <BridgeProvider bridge={selectBridge()}>
    <JobsProvider>
      <ToastsProvider>
        <ConnectionBanner />
        <App />
        <Toasts />
      </ToastsProvider>
    </JobsProvider>
  </BridgeProvider>,
);
