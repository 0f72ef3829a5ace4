import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import { createClient } from '@shared';
import type { TransportChoice } from '../transport';
import { createStores, StoresContext } from './stores';
import { App } from './App';
import { ConnectionBanner } from './ConnectionBanner';
import { NoTransportScreen } from './NoTransportScreen';

/** Everything the app needs, wired once: i18n, the client over the chosen transport, the stores. */
export function AppRoot({ choice, i18n }: { choice: TransportChoice; i18n: i18n }) {
  const stores = useMemo(() => (choice.kind === 'none' ? null : createStores(createClient(choice.transport))), [choice]);
  return (
    <I18nextProvider i18n={i18n}>
      {stores ? (
        <StoresContext.Provider value={stores}>
          {choice.kind === 'ws' ? <ConnectionBanner transport={choice.transport} /> : null}
          <App />
        </StoresContext.Provider>
      ) : (
        <NoTransportScreen />
      )}
    </I18nextProvider>
  );
}
