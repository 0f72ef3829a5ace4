import { useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Session } from '@shared';
import { StoresContext } from '../app/stores';

/**
 * Officers are shown by their display name where the data has it. Decisions record usernames; the
 * workstation knows the display name of the officer signed in, so that one is named, and anyone
 * else keeps the username the server recorded.
 */
export function officerName(username: string | null | undefined, session: Session | undefined): string {
  if (!username) return '';
  if (session?.user.username === username) return session.user.displayName;
  return username;
}

/** Outside the app (a component rendered alone), nobody is signed in. */
const NO_SESSION = createStore<{ session: Session | undefined }>(() => ({ session: undefined }));

/** officerName bound to the session of this workstation. */
export function useOfficerName(): (username: string | null | undefined) => string {
  const stores = useContext(StoresContext);
  const session = useStore(stores?.session ?? NO_SESSION, (s) => s.session);
  return (username) => officerName(username, session);
}
