import type { Session, VaultStatus, WorkstationSettings } from '@shared';

/** The screens of the first-run and login path, in the order an officer meets them. */
export type Screen = 'loading' | 'vault-create' | 'vault-unlock' | 'enrolment' | 'login' | 'main';

export type FlowInput = {
  vault: VaultStatus | null;
  settings: WorkstationSettings | null;
  session: Session | undefined;
};

/** Pure so the gating is testable without rendering: each step needs the previous one done. */
export function deriveScreen({ vault, settings, session }: FlowInput): Screen {
  if (!vault) return 'loading';
  switch (vault.state) {
    case 'uninitialised':
      return 'vault-create';
    case 'locked':
      return 'vault-unlock';
    case 'unlocked':
      break;
    default: {
      const never: never = vault.state;
      return never;
    }
  }
  if (!settings) return 'loading';
  if (!settings.enrolled) return 'enrolment';
  if (session === undefined) return 'loading';
  return session ? 'main' : 'login';
}
