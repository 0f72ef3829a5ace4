import type { Handlers } from '@shared/api/router';
import type { LocalRejection, Session } from '@shared/api/contract';
import type { Report } from '@shared/domain/report';
import { KindedError } from '@shared/result';
import type { Mutation } from '@shared/sync/mutations';
import type { LocalDb } from '../db';
import { recordMutation, type LocalActor, type SyncEngine } from '../sync';
import { captureStatesOf, checkVerificationEvidence, incompleteAmong } from './capture-states';

type ChangeHandlers = Pick<
  Handlers,
  | 'report.claim'
  | 'report.release'
  | 'report.note'
  | 'report.verify'
  | 'report.qualify'
  | 'report.orient'
  | 'report.screenOut'
  | 'report.propose'
  | 'report.approve'
  | 'report.return'
  | 'report.resume'
  | 'report.comment'
  | 'sync.rejections'
>;

export type ChangeDeps = {
  requireDb(): LocalDb;
  session(): Promise<Session>;
  sync: Pick<SyncEngine, 'kick'>;
};

/** Who records a change now: the logged-in officer on this enrolled workstation. */
export function actorOf(db: LocalDb, session: Session): LocalActor {
  if (!session) throw new KindedError('unauthorized', 'Connectez-vous pour enregistrer une action.');
  const identity = db.device.get();
  if (!identity) throw new KindedError('unauthorized', 'Ce poste n’est pas enrôlé : enrôlez-le auprès du serveur d’abord.');
  return { clientId: identity.deviceId, userId: session.user.id, username: session.user.username, role: session.user.role };
}

/** Records one mutation with its local effect for the logged-in officer on this device, and wakes sync. */
export async function recordChange(deps: ChangeDeps, mutation: Mutation): Promise<Report> {
  const db = deps.requireDb();
  const { report } = recordMutation(db, actorOf(db, await deps.session()), mutation);
  deps.sync.kick();
  return report;
}

/**
 * The officer's actions on a report: each becomes a mutation recorded with its effect in the local store
 * (works offline), then pushed by the background sync, which is woken at once.
 */
export type Recorder = {
  /** Records a mutation with its local effect; returns the report as the officer now sees it. */
  record(mutation: Mutation): Promise<Report>;
  /** The server version of a report under local changes: what a decision is based on. */
  versionOf(id: string): number;
};

export function createRecorder(deps: ChangeDeps): Recorder {
  const record = (mutation: Mutation): Promise<Report> => recordChange(deps, mutation);
  const versionOf = (id: string): number => {
    const report = deps.requireDb().getReport(id);
    if (!report) throw new KindedError('not_found', 'Signalement introuvable sur ce poste (pas encore synchronisé ?).');
    // Rows keep the server's version under local changes: the version the officer's decision is based on.
    return report.version;
  };
  return { record, versionOf };
}

export function changeHandlers(deps: ChangeDeps): ChangeHandlers {
  const { record, versionOf } = createRecorder(deps);
  return {
    'report.claim': async ({ id }) => record({ name: 'claim', args: { reportId: id, baseVersion: versionOf(id) } }),
    'report.release': async ({ id }) => record({ name: 'release', args: { reportId: id, baseVersion: versionOf(id) } }),
    'report.note': async ({ id, text }) => record({ name: 'note', args: { reportId: id, text } }),
    'report.verify': async ({ id, outcome, comment, captureIds, confirmIncomplete }) => {
      const db = deps.requireDb();
      const report = db.getReport(id);
      if (!report) throw new KindedError('not_found', 'Signalement introuvable sur ce poste (pas encore synchronisé ?).');
      const incomplete = incompleteAmong(captureStatesOf(db, report), captureIds ?? []);
      checkVerificationEvidence(outcome, incomplete, confirmIncomplete === true);
      const flags = incomplete.length > 0 ? { incompleteCaptures: incomplete, ...(confirmIncomplete && outcome === 'present' ? { confirmedIncomplete: true as const } : {}) } : {};
      return record({
        name: 'setVerification',
        args: { reportId: id, baseVersion: versionOf(id), outcome, ...(comment ? { comment } : {}), ...(captureIds ? { captureIds } : {}), ...flags },
      });
    },
    'report.qualify': async ({ id, qualification }) => record({ name: 'qualify', args: { reportId: id, baseVersion: versionOf(id), qualification } }),
    'report.orient': async ({ id, orientation }) => record({ name: 'orient', args: { reportId: id, baseVersion: versionOf(id), orientation } }),
    'report.screenOut': async ({ id, case: screening, note }) =>
      record({ name: 'screenOut', args: { reportId: id, baseVersion: versionOf(id), case: screening, ...(note ? { note } : {}) } }),
    'report.propose': async ({ id }) => record({ name: 'propose', args: { reportId: id, baseVersion: versionOf(id) } }),
    'report.approve': async ({ id, comment }) => record({ name: 'approve', args: { reportId: id, baseVersion: versionOf(id), ...(comment ? { comment } : {}) } }),
    'report.return': async ({ id, comment }) => record({ name: 'returnToAnalyst', args: { reportId: id, baseVersion: versionOf(id), comment } }),
    'report.resume': async ({ id }) => record({ name: 'resume', args: { reportId: id, baseVersion: versionOf(id) } }),
    'report.comment': async ({ id, text }) => record({ name: 'comment', args: { reportId: id, text } }),
    'sync.rejections': async ({ limit }) =>
      deps
        .requireDb()
        .outbox.rejections(limit)
        .map((r): LocalRejection => ({ mutationId: r.id, name: r.name, reportId: r.reportId, reason: r.reason, createdAt: r.createdAt, rejectedAt: r.rejectedAt })),
  };
}
