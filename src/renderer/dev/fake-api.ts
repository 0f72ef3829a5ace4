import {
  DEPARTEMENTS,
  CLAIM_LEASE_MS,
  KindedError,
  applyPlan,
  createRouter,
  planMutation,
  type Directory,
  type Mutation,
  type CompetingDecision,
  type SessionUser,
  type DemoAccount,
  type EventMap,
  type EventName,
  type Handlers,
  type OutputOf,
  type ParsedInputOf,
  type QueueRow,
  type Report,
  type Session,
  type SignedOut,
  type SyncStatus,
  type Transport,
  type VaultStatus,
  type WorkstationSettings,
} from '@shared';
import { fakeReports } from './fake-data';
import { fakeCaptures } from './fake-captures';
import { createFakeCatalog } from './fake-catalog';

/**
 * An in-memory workstation behind the real contract (inputs validated by the shared router): the
 * dev harness and the UI tests run the renderer against it without the privileged side.
 */
export type FakeOptions = {
  reports?: number | Report[];
  vault?: VaultStatus['state'];
  enrolled?: boolean;
  loggedIn?: boolean;
  demo?: boolean;
  passphrase?: string;
  /** The logged-in account (default: the analyst). */
  account?: 'analyste' | 'superviseur';
  /** Role of the logged-in officer (default analyst). */
  role?: SessionUser['role'];
  /** Open competing decisions served to supervisors; `refuseArbitration` makes every arbitration fail. */
  competing?: CompetingDecision[];
  refuseArbitration?: boolean;
  /** Steps of the progress of `sync.now`, emitted as events. */
  syncSteps?: number;
  /** Steps of a capture, emitted as `capture.progress` events before it completes. */
  captureSteps?: number;
  /** Why the server ended the session, as `auth.signedOut` reports it (default: nothing recorded). */
  signedOut?: SignedOut;
};

export type FakeWorkstation = Transport & {
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  calls: { method: string; input: unknown }[];
  reports: Report[];
};

type LoggedIn = OutputOf<'auth.session'>;

const ACCOUNTS: DemoAccount[] = [
  { username: 'analyste', password: 'analyste-demo-2026', role: 'analyst' },
  { username: 'superviseur', password: 'superviseur-demo-2026', role: 'supervisor' },
];

/** A small directory: the territorial services of every département and two central offices. */
const FAKE_DIRECTORY: Directory = {
  version: 1,
  services: [
    ...DEPARTEMENTS.map(([code, name]) => ({
      id: `police-${code}`, kind: 'territorial_police' as const, name: `Sûreté départementale — ${name} (${code})`, departement: code,
      country: null, categories: [], channel: null, notes: null, active: true,
    })),
    { id: 'sdat', kind: 'central_office', name: 'Sous-direction anti-terroriste (SDAT)', departement: null, country: null, categories: ['terrorism'], channel: null, notes: null, active: true },
    { id: 'interpol', kind: 'interpol', name: 'Interpol — Bureau central national de Paris', departement: null, country: null, categories: [], channel: null, notes: null, active: true },
  ],
};

function toRow(r: Report): QueueRow {
  const { id, reference, source, category, status, priority, receivedAt, claimedBy, leaseUntil, description } = r;
  return { id, reference, source, category, status, priority, receivedAt, claimedBy, leaseUntil, description, firstUrl: r.urls[0] ?? '', urlCount: r.urls.length };
}

function matches(r: Report, q: ParsedInputOf<'queue.page'>): boolean {
  if (q.categories && !q.categories.includes(r.category)) return false;
  if (q.statuses && !q.statuses.includes(r.status)) return false;
  if (q.sources && !q.sources.includes(r.source)) return false;
  if (q.text) {
    const t = q.text.toLowerCase();
    return r.reference.toLowerCase().includes(t) || r.description.toLowerCase().includes(t) || r.urls.some((u) => u.toLowerCase().includes(t));
  }
  return true;
}

const SORTS = {
  priority: (a: Report, b: Report) => b.priority - a.priority || a.receivedAt.localeCompare(b.receivedAt),
  oldest: (a: Report, b: Report) => a.receivedAt.localeCompare(b.receivedAt),
  newest: (a: Report, b: Report) => b.receivedAt.localeCompare(a.receivedAt),
} as const;

export function createFakeWorkstation(o: FakeOptions = {}): FakeWorkstation {
  const reports = Array.isArray(o.reports) ? o.reports : fakeReports(o.reports ?? 500);
  const passphrase = o.passphrase ?? 'phrase de passe de test';
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let vault: VaultStatus = { state: o.vault ?? 'uninitialised', dataDir: '/home/agent/.pharos' };
  const settings: WorkstationSettings = {
    serverUrl: o.enrolled ? 'https://127.0.0.1:8443' : null,
    serverFingerprint: null,
    deviceId: null,
    deviceName: null,
    enrolled: o.enrolled ?? false,
    demo: o.demo === false ? null : { serverUrl: 'https://127.0.0.1:8443', fingerprint: 'AB:'.repeat(31) + 'CD', enrolmentCode: 'DEMO-123456', accounts: ACCOUNTS },
  };
  const account = ACCOUNTS.find((a) => a.username === (o.account ?? 'analyste')) ?? ACCOUNTS[0];
  const user = { id: '5b0f7c52-3f1e-4a55-9c2a-6f3c1c9b2d11', username: account?.username ?? 'analyste', displayName: 'Brigadier A. Martin', role: o.role ?? account?.role ?? ('analyst' as const) };
  let session: Session = o.loggedIn ? { user, accessExpiresAt: new Date(Date.now() + 900_000).toISOString() } : null;
  let sync: SyncStatus = { online: true, syncing: false, lastSyncAt: null, lastError: null, progress: null, pending: 0, reportCount: reports.length };
  const calls: { method: string; input: unknown }[] = [];
  const competing = [...(o.competing ?? [])];

  function emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    for (const l of [...listeners]) l(name, payload);
  }
  function unlocked(): void {
    if (vault.state !== 'unlocked') throw new KindedError('locked', 'vault locked');
  }
  function setSync(s: Partial<SyncStatus>): SyncStatus {
    sync = { ...sync, ...s };
    emit('sync.status', sync);
    return sync;
  }

  const handlers: Handlers = {
    ...createFakeCatalog(),
    'vault.status': async () => vault,
    'vault.create': async ({ passphrase: p }) => {
      if (vault.state !== 'uninitialised') throw new KindedError('conflict', 'vault exists');
      if (p !== passphrase) throw new KindedError('validation', 'use the passphrase of the fake');
      return (vault = { ...vault, state: 'unlocked' });
    },
    'vault.unlock': async ({ passphrase: p }) => {
      if (p !== passphrase) throw new KindedError('wrong_passphrase', 'wrong passphrase');
      return (vault = { ...vault, state: 'unlocked' });
    },
    'vault.lock': async () => (vault = { ...vault, state: vault.state === 'uninitialised' ? 'uninitialised' : 'locked' }),
    'settings.get': async () => (unlocked(), { ...settings }),
    'enrolment.enrol': async (i) => {
      unlocked();
      if (i.code !== settings.demo?.enrolmentCode) throw new KindedError('forbidden', 'unknown code');
      if (i.fingerprint !== settings.demo.fingerprint) throw new KindedError('tls', 'fingerprint mismatch');
      Object.assign(settings, { enrolled: true, serverUrl: i.serverUrl, serverFingerprint: i.fingerprint, deviceName: i.deviceName });
      return { ...settings }; // a copy, as a real transport would deliver
    },
    // OutputOf strips null from Session (NonNullable in the contract), though null means "logged out".
    'auth.session': async () => (unlocked(), session as LoggedIn),
    'auth.login': async ({ username, password }) => {
      const account = ACCOUNTS.find((a) => a.username === username && a.password === password);
      if (!account) throw new KindedError('unauthorized', 'Identifiant ou mot de passe incorrect.');
      return (session = { user: { ...user, username, role: account.role }, accessExpiresAt: new Date(Date.now() + 900_000).toISOString() });
    },
    'auth.logout': async () => (session = null) as unknown as LoggedIn,
    'auth.signedOut': async () => (o.signedOut ?? null) as OutputOf<'auth.signedOut'>,
    'sync.status': async () => sync,
    'sync.now': async () => {
      const steps = o.syncSteps ?? 4;
      for (let d = 0; d <= steps; d++) {
        setSync({ syncing: true, progress: { done: d * 50, total: steps * 50 } });
        await new Promise((r) => setTimeout(r, 5));
      }
      return setSync({ syncing: false, progress: null, lastSyncAt: new Date().toISOString(), lastError: null });
    },
    'sync.dismissRestored': async () => setSync({ serverRestored: null }),
    'queue.page': async (q) => {
      unlocked();
      const all = reports.filter((r) => matches(r, q)).sort(SORTS[q.sort]);
      return { rows: all.slice(q.offset, q.offset + q.limit).map(toRow), total: all.length };
    },
    'report.get': async ({ id }) => {
      unlocked();
      const r = reports.find((x) => x.id === id);
      if (!r) throw new KindedError('not_found', 'no such report');
      return r;
    },
    // Local changes: the fake applies them at once, as the real workstation shows them before sync.
    'report.claim': async ({ id }) =>
      change(id, { status: 'in_progress', claimedBy: session?.user.username ?? null, leaseUntil: new Date(Date.now() + CLAIM_LEASE_MS).toISOString() }),
    'report.release': async ({ id }) => change(id, { status: 'received', claimedBy: null, leaseUntil: null }),
    'report.note': async ({ id }) => change(id, {}),
    'report.verify': async ({ id, outcome, comment, captureIds }) =>
      mutate({ name: 'setVerification', args: { reportId: id, baseVersion: 0, outcome, ...(comment ? { comment } : {}), ...(captureIds ? { captureIds } : {}) } }),
    'report.qualify': async ({ id, qualification }) => mutate({ name: 'qualify', args: { reportId: id, baseVersion: 0, qualification } }),
    'report.orient': async ({ id, orientation }) => mutate({ name: 'orient', args: { reportId: id, baseVersion: 0, orientation } }),
    'report.screenOut': async ({ id, case: c, note }) => mutate({ name: 'screenOut', args: { reportId: id, baseVersion: 0, case: c, ...(note ? { note } : {}) } }),
    'report.propose': async ({ id }) => mutate({ name: 'propose', args: { reportId: id, baseVersion: 0 } }),
    'report.approve': async ({ id, comment }) => mutate({ name: 'approve', args: { reportId: id, baseVersion: 0, ...(comment ? { comment } : {}) } }),
    'report.return': async ({ id, comment }) => mutate({ name: 'returnToAnalyst', args: { reportId: id, baseVersion: 0, comment } }),
    'report.resume': async ({ id }) => mutate({ name: 'resume', args: { reportId: id, baseVersion: 0 } }),
    'report.comment': async ({ id, text }) => mutate({ name: 'comment', args: { reportId: id, text } }),
    'report.requestPreservation': async ({ id, channel, host, urls, durationDays }) => {
      const requestId = crypto.randomUUID();
      const report = mutate({ name: 'requestPreservation', args: { reportId: id, requestId, channel, host, urls: urls ?? reports.find((r) => r.id === id)?.urls ?? [], durationDays } });
      return { report, file: fakeFile(`conservation-${requestId}.pdf`) };
    },
    'report.setPreservationStatus': async ({ id, requestId, status, note }) =>
      mutate({ name: 'setPreservationStatus', args: { reportId: id, requestId, status, ...(note ? { note } : {}) } }),
    'report.exportPreservation': async ({ requestId }) => fakeFile(`conservation-${requestId}.pdf`),
    'report.exportTransmission': async ({ id }) => {
      const r = reports.find((x) => x.id === id);
      if (!r || (r.status !== 'decided' && r.status !== 'transmitted')) throw new KindedError('conflict', 'not decided');
      return { ...fakeFile('transmission.zip'), recipient: 'Service destinataire', captures: 1, complete: 1, partial: 0, failed: 0 };
    },
    'report.transmit': async ({ id, packageSha256, recipient }) => mutate({ name: 'transmit', args: { reportId: id, baseVersion: 0, packageSha256, recipient } }),
    'directory.get': async () => (unlocked(), FAKE_DIRECTORY),
    'report.focus': async () => null,
    'competing.list': async () => [...competing],
    'competing.resolve': async ({ id, resolution }) => {
      if (o.refuseArbitration) throw new KindedError('conflict', 'Adoption impossible sur l’état actuel du signalement.');
      const i = competing.findIndex((c) => c.id === id);
      if (i < 0) throw new KindedError('not_found', 'Décision concurrente inconnue.');
      const [resolved] = competing.splice(i, 1);
      return { id, resolution, resolvedAt: new Date().toISOString(), reportVersion: 1, reportStatus: resolution === 'adopt_competing' ? 'decided' : (resolved?.reportStatus ?? 'in_progress') };
    },
    'sync.rejections': async () => [],
    ...fakeCaptures({ emit, unlocked, operator: () => session?.user.displayName ?? 'inconnu', report: (id) => reports.find((r) => r.id === id) ?? null, steps: o.captureSteps ?? 3 }),
  };
  /** A document "written" by the fake: a stable path and a hash of its name. */
  function fakeFile(name: string) {
    const sha256 = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, '0').repeat(8);
    return { path: `/home/agent/.pharos/exports/${name}`, bytes: 1024, sha256 };
  }
  /** The workflow's changes go through the shared planning, as on the real workstation. */
  function mutate(m: Mutation): Report {
    unlocked();
    const r = reports.find((x) => x.id === m.args.reportId);
    if (!r || !session) throw new KindedError(r ? 'unauthorized' : 'not_found', r ? 'not logged in' : 'no such report');
    const byId = new Map(FAKE_DIRECTORY.services.map((x) => [x.id, x]));
    const planned = planMutation(m, r, session.user, new Date(), { service: (sid) => byId.get(sid) ?? null });
    if (!planned.ok) throw new KindedError(planned.refusal.kind, planned.refusal.message);
    const now = new Date().toISOString();
    return change(r.id, applyPlan(r, planned.plan, now, (i) => `fake:${Date.now()}:${i}`));
  }
  function change(id: string, patch: Partial<Report>): Report {
    unlocked();
    const i = reports.findIndex((x) => x.id === id);
    const r = reports[i];
    if (!r) throw new KindedError('not_found', 'no such report');
    const next = { ...r, ...patch };
    reports[i] = next;
    return next;
  }
  const router = createRouter(handlers);
  return {
    calls,
    reports,
    emit,
    invoke(method, input) {
      calls.push({ method, input });
      return router(method, input, { transport: 'test' });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
