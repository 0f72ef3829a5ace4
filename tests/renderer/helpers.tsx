import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createClient } from '@shared';
import { createI18n } from '../../src/renderer/i18n';
import { App } from '../../src/renderer/app/App';
import { createStores, StoresContext, type Stores } from '../../src/renderer/app/stores';
import { createFakeWorkstation, type FakeOptions, type FakeWorkstation } from '../../src/renderer/dev/fake-api';

export type Harness = { fake: FakeWorkstation; stores: Stores; view: ReturnType<typeof render> };

/** The whole app over the in-memory workstation, as the officer would see it. */
export function renderApp(options: FakeOptions = {}): Harness {
  const fake = createFakeWorkstation(options);
  const stores = createStores(createClient(fake));
  const view = render(
    <I18nextProvider i18n={createI18n('fr')}>
      <StoresContext.Provider value={stores}>
        <App />
      </StoresContext.Provider>
    </I18nextProvider>,
  );
  return { fake, stores, view };
}
