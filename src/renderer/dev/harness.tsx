import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createI18n } from '../i18n';
import { AppRoot } from '../app/AppRoot';
import { createFakeWorkstation } from './fake-api';
import '../styles/app.css';
import '../styles/buttons.css';
import '../styles/screens.css';

/**
 * Development only (never in the production build): the app against the in-memory workstation.
 * `?reports=100000&vault=unlocked&enrolled=1&login=1&lang=en` choose the starting point.
 */
const params = new URLSearchParams(location.search);
const vault = params.get('vault');
const fake = createFakeWorkstation({
  reports: Number(params.get('reports') ?? 2000),
  vault: vault === 'locked' || vault === 'unlocked' ? vault : 'uninitialised',
  enrolled: params.get('enrolled') === '1',
  loggedIn: params.get('login') === '1',
});
const i18n = createI18n(params.get('lang') === 'en' ? 'en' : 'fr');
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppRoot choice={{ kind: 'ipc', transport: fake }} i18n={i18n} />
    </StrictMode>,
  );
}
