import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './features/shell/app';
import { createHost } from './platform/host';
import { useSessionStore } from './stores/session-store';
import { useThemeStore } from './stores/theme-store';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/surfaces.css';
import './ui/ui.css';

useThemeStore.getState().initialize(window);
// Creating the host takes the token out of the address bar before the router first reads the hash.
const host = createHost();
void useSessionStore.getState().connect(host);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks the #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
