// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type Offence, type OffenceRef } from '@shared';
import { createStores, StoresContext } from '../../src/renderer/app/stores';
import { createFakeWorkstation } from '../../src/renderer/dev/fake-api';
import { OffencePicker, OffencePickerContainer } from '../../src/renderer/features/qualification';
import { createI18n } from '../../src/renderer/i18n';

const NATINF_30736: Offence = {
  id: 'natinf-30736',
  natinf: '30736',
  label: "APOLOGIE PUBLIQUE D'UN ACTE DE TERRORISME COMMISE AU MOYEN D'UN SERVICE DE COMMUNICATION AU PUBLIC EN LIGNE",
  nature: 'delit',
  contraventionClass: null,
  definedBy: 'ART.421-2-5 AL.2,AL.1 C.PENAL.',
  punishedBy: 'ART.421-2-5 AL.2 C.PENAL.',
  category: 'terrorism',
  source: 'natinf',
};

function Harness({ onChange }: { onChange: (v: OffenceRef[]) => void }) {
  const [value, setValue] = useState<OffenceRef[]>([]);
  return (
    <OffencePickerContainer
      category="terrorism"
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

function renderPicker() {
  const fake = createFakeWorkstation();
  const stores = createStores(createClient(fake));
  const onChange = vi.fn<(v: OffenceRef[]) => void>();
  const view = render(
    <I18nextProvider i18n={createI18n('fr')}>
      <StoresContext.Provider value={stores}>
        <Harness onChange={onChange} />
      </StoresContext.Provider>
    </I18nextProvider>,
  );
  return { fake, onChange, view };
}

const optionTexts = () => screen.queryAllByTestId('offence-option').map((o) => o.textContent ?? '');

describe('offence picker', () => {
  afterEach(cleanup);

  it('offers the category’s offences, searches as the officer types, adds with Enter and removes with Delete', async () => {
    const { onChange } = renderPicker();
    await waitFor(() => expect(optionTexts().length).toBeGreaterThan(3));
    expect(optionTexts()[0]).toContain('terrorisme');
    const input = screen.getByRole('combobox', { name: 'Rechercher une infraction' });
    fireEvent.change(input, { target: { value: 'apologie publique' } });
    await waitFor(() => expect(optionTexts()).toHaveLength(2));
    expect(optionTexts()[0]).toContain('Apologie publique d’actes de terrorisme');
    expect(optionTexts()[0]).toContain('art. 421-2-5 al. 1 du code pénal');
    expect(optionTexts()[0]).toContain('Délit');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith([{ id: 'cp-421-2-5-apologie', natinf: null, label: 'Apologie publique d’actes de terrorisme' }]);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toMatch(/o1$/);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange.mock.lastCall?.[0].map((r) => r.id)).toEqual(['cp-421-2-5-apologie', 'l1881-24-al5']);
    expect(screen.getAllByTestId('offence-chosen')).toHaveLength(2);
    // Delete in the search field removes nothing while a query is typed, then the last chosen offence.
    fireEvent.keyDown(input, { key: 'Delete' });
    expect(screen.getAllByTestId('offence-chosen')).toHaveLength(2);
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.keyDown(input, { key: 'Delete' });
    expect(onChange.mock.lastCall?.[0].map((r) => r.id)).toEqual(['cp-421-2-5-apologie']);
    fireEvent.keyDown(screen.getByTestId('offence-chosen'), { key: 'Delete' });
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('shows the officer’s favourites of the category first', async () => {
    renderPicker();
    await waitFor(() => expect(optionTexts().length).toBeGreaterThan(3));
    const last = screen.getAllByTestId('offence-option').at(-1) as HTMLElement;
    const label = last.querySelector('.label')?.textContent ?? '';
    // The star is a mouse target; the option holds no control (axe: nested-interactive).
    expect(within(last).queryByRole('button')).toBeNull();
    await act(async () => {
      fireEvent.click(last.querySelector('.fav-mark') as HTMLElement);
    });
    await waitFor(() => expect(screen.getAllByTestId('offence-option')[0]?.querySelector('.label')?.textContent).toBe(label));
    expect(screen.getAllByTestId('offence-option')[0]?.querySelector('.fav-mark')?.textContent).toBe('★');
    // From the keyboard: the button under the list acts on the highlighted offence (the first one).
    expect(screen.getByTestId('offence-favourite').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('offence-favourite').textContent).toContain(label);
  });

  it('presents NATINF code, label, defining articles and nature from its props alone', () => {
    const onAdd = vi.fn();
    render(
      <I18nextProvider i18n={createI18n('fr')}>
        <OffencePicker
          query="30736"
          options={[NATINF_30736, { ...NATINF_30736, id: 'natinf-26406', natinf: '26406', label: 'DIFFAMATION NON PUBLIQUE EN RAISON DU SEXE', nature: 'contravention', contraventionClass: 5 }]}
          favouriteIds={new Set()}
          selected={[{ id: 'natinf-30736', natinf: '30736', label: NATINF_30736.label }]}
          highlighted={1}
          loading={false}
          error={null}
          onQueryChange={() => undefined}
          onHighlight={() => undefined}
          onAdd={onAdd}
          onRemove={() => undefined}
          onToggleFavourite={() => undefined}
        />
      </I18nextProvider>,
    );
    const [first, second] = screen.getAllByTestId('offence-option') as HTMLElement[];
    expect(first?.textContent).toContain('30736');
    expect(first?.textContent).toContain('ART.421-2-5 AL.2,AL.1 C.PENAL.');
    expect(first?.textContent).toContain('retenue');
    expect(second?.textContent).toContain('Contravention de 5e classe');
    expect(second?.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(first as HTMLElement);
    expect(onAdd).not.toHaveBeenCalled();
    fireEvent.click(second as HTMLElement);
    expect(onAdd).toHaveBeenCalledWith(expect.objectContaining({ natinf: '26406' }));
  });
});
