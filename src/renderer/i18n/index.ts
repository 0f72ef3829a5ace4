import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { fr } from './locales/fr';
import { en } from './locales/en';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * One i18next instance for the app. French is the default and the fallback: an officer never sees a
 * raw key or an English string unless English was chosen.
 */
export function createI18n(lng: Language = 'fr'): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'fr',
    resources: { fr: { translation: fr }, en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes already
    initAsync: false,
    returnNull: false,
    showSupportNotice: false, // no console banner in an officer's workstation
  });
  return instance;
}

export { fr } from './locales/fr';
export { en } from './locales/en';
