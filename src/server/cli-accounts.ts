import type { Db } from './db/database';
import { option, onlyOptions, type ParsedArgs } from './cli-args';
import { listApiKeys, listDevices, listUsers, revokeApiKey, revokeDevice, setUserDisabled } from './auth/revocation';

type Io = { out(text: string): void };
type WithDb = <T>(args: ParsedArgs, fn: (db: Db) => Promise<T>) => Promise<T>;

/** Help lines of the account commands (part of pharos-server --help). */
export const ACCOUNTS_HELP = `  pharos-server device list --data DIR
      List the enrolled workstations (id, name, enrolment, last login, open sessions, revocation).
  pharos-server device revoke --data DIR --id ID
      Revoke a workstation: its sessions end at their next request and it can no longer log in.
  pharos-server user list --data DIR
      List the accounts (id, username, role, disabled).
  pharos-server user disable --data DIR --username U   /   user enable --data DIR --username U
      Disable an account (its sessions end at their next request) or enable it again.
  pharos-server apikey list --data DIR
      List the intake API keys (id, organisation, source, revocation).
  pharos-server apikey revoke --data DIR --id ID
      Revoke an intake API key: the next submission with it is refused.
`;

const day = (d: Date | null): string => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '—');

/** Runs an account command (`device list|revoke`, `user list|disable|enable`, `apikey list|revoke`); null when `key` is not one. */
export function accountsCommand(key: string, args: ParsedArgs, io: Io, withDb: WithDb): Promise<number> | null {
  switch (key) {
    case 'device list':
      onlyOptions(args, ['data']);
      return withDb(args, async (db) => {
        const rows = await listDevices(db);
        if (rows.length === 0) io.out('Aucun poste enrôlé.\n');
        for (const d of rows) io.out(`${d.id}  ${d.revokedAt ? `RÉVOQUÉ le ${day(d.revokedAt)}` : 'actif'}  enrôlé ${day(d.enrolledAt)}  dernière connexion ${day(d.lastLoginAt)}  sessions ouvertes ${d.openSessions}  ${d.name}\n`);
        return 0;
      });
    case 'device revoke':
      onlyOptions(args, ['data', 'id']);
      return withDb(args, async (db) => {
        const r = await revokeDevice(db, option(args, 'id', true));
        io.out(r.already ? `Le poste « ${r.name} » était déjà révoqué : rien n’a changé.\n` : `Poste « ${r.name} » révoqué ; ${r.sessionsClosed} session(s) fermée(s), effectif dès la prochaine requête.\n`);
        return 0;
      });
    case 'user list':
      onlyOptions(args, ['data']);
      return withDb(args, async (db) => {
        for (const u of await listUsers(db)) io.out(`${u.id}  ${u.username}  ${u.role}  ${u.disabled ? 'DÉSACTIVÉ' : 'actif'}  ${u.displayName}\n`);
        return 0;
      });
    case 'user disable':
    case 'user enable': {
      onlyOptions(args, ['data', 'username']);
      const disable = key === 'user disable';
      return withDb(args, async (db) => {
        const username = option(args, 'username', true);
        const r = await setUserDisabled(db, username, disable);
        if (r.already) io.out(`Le compte ${username} était déjà ${disable ? 'désactivé' : 'actif'} : rien n’a changé.\n`);
        else io.out(disable ? `Compte ${username} désactivé ; ${r.sessionsClosed} session(s) fermée(s), effectif dès la prochaine requête.\n` : `Compte ${username} réactivé.\n`);
        return 0;
      });
    }
    case 'apikey list':
      onlyOptions(args, ['data']);
      return withDb(args, async (db) => {
        for (const k of await listApiKeys(db)) io.out(`${k.id}  ${k.source}  ${k.revokedAt ? `RÉVOQUÉE le ${day(k.revokedAt)}` : 'active'}  créée ${day(k.createdAt)}  ${k.organisation}\n`);
        return 0;
      });
    case 'apikey revoke':
      onlyOptions(args, ['data', 'id']);
      return withDb(args, async (db) => {
        const r = await revokeApiKey(db, option(args, 'id', true));
        io.out(r.already ? `La clé d’API de ${r.organisation} était déjà révoquée : rien n’a changé.\n` : `Clé d’API de ${r.organisation} révoquée.\n`);
        return 0;
      });
    default:
      return null;
  }
}
