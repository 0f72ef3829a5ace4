import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { toOffenceRef, type Category, type OffenceRef } from '@shared';
import { useStores } from '../../app/stores';
import { errorText } from '../../ui/errors';
import { OffencePicker } from './OffencePicker';
import { pickerOptions } from './store';

export type OffencePickerContainerProps = {
  /** The report's category: its favourites and offences are offered first. */
  category: Category;
  value: readonly OffenceRef[];
  onChange(value: OffenceRef[]): void;
};

/** The offence picker wired to the local catalog (works offline); the caller owns the chosen list. */
export function OffencePickerContainer({ category, value, onChange }: OffencePickerContainerProps) {
  const { t } = useTranslation();
  const store = useStores().qualification;
  const state = useStore(store);
  useEffect(() => {
    void store.getState().open(category);
  }, [store, category]);
  const options = useMemo(() => pickerOptions(state), [state]);
  const favouriteIds = useMemo(() => new Set(state.favourites.map((f) => f.id)), [state.favourites]);
  return (
    <OffencePicker
      query={state.query}
      options={options}
      favouriteIds={favouriteIds}
      selected={value}
      highlighted={state.highlighted}
      loading={state.loading}
      error={errorText(t, state.error)}
      onQueryChange={(text) => void store.getState().search(text)}
      onHighlight={(i) => store.getState().highlight(i)}
      onAdd={(o) => {
        if (!value.some((v) => v.id === o.id)) onChange([...value, toOffenceRef(o)]);
      }}
      onRemove={(id) => onChange(value.filter((v) => v.id !== id))}
      onToggleFavourite={(id) => void store.getState().toggleFavourite(id)}
    />
  );
}
