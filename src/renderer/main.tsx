import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createI18n } from './i18n';
import { selectTransport } from './transport';
import { AppRoot } from './app/AppRoot';
import './styles/app.css';
import './styles/buttons.css';
import './styles/screens.css';

const i18n = createI18n('fr');
const choice = selectTransport(window);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppRoot choice={choice} i18n={i18n} />
    </StrictMode>,
  );
}
