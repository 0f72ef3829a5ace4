import { z } from 'zod';
import { freeText } from '../text';
import {
  PreservationChannelSchema,
  PreservationDaysSchema,
  PreservationHostSchema,
  PreservationStatusSchema,
  PreservationUrlsSchema,
  Sha256HexSchema,
} from '../workflow/conservation';
import { CategorySchema, SourceSchema } from '../domain/taxonomy';
import { ReportStatusSchema } from '../domain/state-machine';
import type { Report } from '../domain/report';
import type { SessionUser, SignedOutReason } from '../http/api';
import { CaptureIdsSchema, OrientationInputSchema, QualificationInputSchema, ScreeningCaseSchema, VERIFICATION_OUTCOMES } from '../workflow/decision';
import type { Directory } from '../workflow/directory';
import type { MutationReason } from '../sync/push';
import { COMPETING_RESOLUTIONS, type CompetingDecision, type ResolvedCompeting } from '../sync/competing';
import { OffenceIdSchema, type Offence } from '../catalog/offence';
import { CatalogSearchSchema, type CatalogHit } from '../catalog/search';

/**
 * The workstation API: the one contract between the renderer and the privileged side, whatever the
 * transport (Electron IPC or the browser-mode WebSocket). Each method has a zod input schema, checked
 * at the boundary by the router, and an output type.
 */
type Method<I extends z.ZodType, O> = { input: I; output?: O };
const method = <O>() => <I extends z.ZodType>(input: I): Method<I, O> => ({ input });

const Empty = z.object({}).strict();
const Passphrase = z.string().min(1).max(1024);

export type VaultState = 'uninitialised' | 'locked' | 'unlocked';
export type VaultStatus = { state: VaultState; dataDir: string };

export type WorkstationSettings = {
  serverUrl: string | null;
  serverFingerprint: string | null;
  deviceId: string | null;
  deviceName: string | null;
  enrolled: boolean;
  /** Filled when the workstation was started against the embedded demo server. */
  demo: { serverUrl: string; fingerprint: string; enrolmentCode: string; accounts: DemoAccount[] } | null;
};
export type DemoAccount = { username: string; password: string; role: SessionUser['role'] };

/**
 * The officer's session. `offline` when the server could not be reached to renew it: the officer, already
 * authenticated on this workstation (stored refresh token) and holding the vault passphrase, keeps working
 * on the local store; the session is renewed as soon as the server answers.
 */
export type Session = { user: SessionUser; accessExpiresAt: string; offline?: boolean } | null;

/** Why the server ended the last session (kept until the next login), shown on the login screen. */
export type SignedOut = { reason: SignedOutReason; message: string; at: string } | null;

export type SyncProgress = { done: number; total: number };
export type SyncStatus = {
  online: boolean;
  syncing: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  progress: SyncProgress | null;
  /** Local changes recorded on this workstation that the server has not confirmed yet. */
  pending: number;
  reportCount: number;
  /**
   * Set when the server turned out to have lost changes it had confirmed (restored from an older
   * backup): `resent` of them were sent again from this workstation. Shown until the officer dismisses it.
   */
  serverRestored?: { at: string; resent: number } | null;
};

export const QUEUE_SORTS = ['priority', 'oldest', 'newest'] as const;
export const QueueQuerySchema = z
  .object({
    categories: z.array(CategorySchema).max(20).optional(),
    statuses: z.array(ReportStatusSchema).max(10).optional(),
    sources: z.array(SourceSchema).max(5).optional(),
    text: z.string().trim().max(200).optional(),
    sort: z.enum(QUEUE_SORTS).default('priority'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type QueueQuery = z.input<typeof QueueQuerySchema>;

export type QueueRow = Pick<
  Report,
  'id' | 'reference' | 'source' | 'category' | 'status' | 'priority' | 'receivedAt' | 'claimedBy' | 'leaseUntil' | 'description'
> & { firstUrl: string; urlCount: number };
export type QueuePage = { rows: QueueRow[]; total: number };

/** A document written by the workstation for the officer to send or file. */
export type ExportedFile = { path: string; bytes: number; sha256: string };
export type PreservationCreated = { report: Report; file: ExportedFile };
/**
 * `captures`: the captures joined to the package (complete and partial); `complete`, `partial`, `failed`:
 * the report's captures by state (a failed capture is listed in the summary, not joined).
 */
export type TransmissionExport = ExportedFile & { recipient: string; captures: number; complete: number; partial: number; failed: number };

/** A local change the server refused: shown to the officer with its reason (its effect is gone). */
export type LocalRejection = {
  mutationId: number;
  name: string;
  reportId: string | null;
  reason: MutationReason;
  createdAt: string;
  rejectedAt: string;
};

const ReportRef = z.object({ id: z.uuid() }).strict();
const CaptureRef = z.object({ captureId: z.uuid() }).strict();

/** A capture on this workstation: its steps while it runs, then its artifacts, checks and upload. */
export type CaptureRunState = 'running' | 'complete' | 'partial' | 'failed';
export type CaptureArtifact = { name: string; mime: string; bytes: number; sha256: string };
export type CaptureVerification = { ok: boolean; at: string; problems: string[] };
/** waiting: queued (sync or server not reached yet); refused: the server found the copy altered. */
export type CaptureUploadState = 'waiting' | 'uploading' | 'done' | 'refused';
export type CaptureUpload = { state: CaptureUploadState; sent: number; total: number; attempts: number; error: string | null; nextAt: string | null };
export type CaptureView = {
  id: string;
  reportId: string;
  url: string;
  finalUrl: string | null;
  state: CaptureRunState;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  operator: string;
  steps: { at: string; label: string }[];
  artifacts: CaptureArtifact[];
  waczSha256: string | null;
  signer: string | null;
  verification: CaptureVerification | null;
  upload: CaptureUpload | null;
};
export const CAPTURE_IMAGES = ['screenshot-full', 'screenshot-viewport'] as const;
export type CaptureImage = { name: string; mime: string; dataUrl: string };
export const CAPTURE_EXPORTS = ['pv', 'wacz'] as const;
export type CaptureExport = { files: string[]; folder: string; opened: boolean };

export const contract = {
  'vault.status': method<VaultStatus>()(Empty),
  'vault.create': method<VaultStatus>()(z.object({ passphrase: Passphrase.min(10, 'at least 10 characters') }).strict()),
  'vault.unlock': method<VaultStatus>()(z.object({ passphrase: Passphrase }).strict()),
  'vault.lock': method<VaultStatus>()(Empty),
  'settings.get': method<WorkstationSettings>()(Empty),
  'enrolment.enrol': method<WorkstationSettings>()(
    z
      .object({
        serverUrl: z.string().trim().url().max(500),
        fingerprint: z.string().trim().min(64).max(200),
        code: z.string().trim().min(6).max(64),
        deviceName: z.string().trim().min(1).max(100),
      })
      .strict(),
  ),
  'auth.session': method<Session>()(Empty),
  'auth.login': method<Session>()(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict()),
  'auth.logout': method<Session>()(Empty),
  'auth.signedOut': method<SignedOut>()(Empty),
  'sync.status': method<SyncStatus>()(Empty),
  'sync.now': method<SyncStatus>()(Empty),
  'sync.dismissRestored': method<SyncStatus>()(Empty),
  'queue.page': method<QueuePage>()(QueueQuerySchema),
  'report.get': method<Report>()(z.object({ id: z.uuid() }).strict()),
  // Local changes: recorded at once with their effect (the report as shown after it), pushed by sync.
  'report.claim': method<Report>()(ReportRef),
  'report.release': method<Report>()(ReportRef),
  'report.note': method<Report>()(z.object({ id: z.uuid(), text: freeText(1, 5000) }).strict()),
  'report.verify': method<Report>()(
    z
      .object({
        id: z.uuid(),
        outcome: z.enum(VERIFICATION_OUTCOMES),
        comment: freeText(0, 2000).optional(),
        captureIds: CaptureIdsSchema.optional(),
        /** Required to link failed or partial captures as proof of "contenu présent" (the UI asks). */
        confirmIncomplete: z.boolean().optional(),
      })
      .strict(),
  ),
  // The decision workflow (qualification, orientation, screening, proposal, review), offline like the rest.
  'report.qualify': method<Report>()(z.object({ id: z.uuid(), qualification: QualificationInputSchema }).strict()),
  'report.orient': method<Report>()(z.object({ id: z.uuid(), orientation: OrientationInputSchema }).strict()),
  'report.screenOut': method<Report>()(z.object({ id: z.uuid(), case: ScreeningCaseSchema, note: freeText(0, 2000).optional() }).strict()),
  'report.propose': method<Report>()(ReportRef),
  'report.approve': method<Report>()(z.object({ id: z.uuid(), comment: freeText(0, 5000).optional() }).strict()),
  'report.return': method<Report>()(z.object({ id: z.uuid(), comment: freeText(1, 5000) }).strict()),
  'report.resume': method<Report>()(ReportRef),
  'report.comment': method<Report>()(z.object({ id: z.uuid(), text: freeText(1, 5000) }).strict()),
  // Conservatory measures and the transmission of decided cases: files written to the workstation's exports.
  'report.requestPreservation': method<PreservationCreated>()(
    z
      .object({
        id: z.uuid(),
        channel: PreservationChannelSchema,
        host: PreservationHostSchema,
        /** Default: every address of the report. */
        urls: PreservationUrlsSchema.optional(),
        durationDays: PreservationDaysSchema.default(90),
      })
      .strict(),
  ),
  'report.setPreservationStatus': method<Report>()(
    z.object({ id: z.uuid(), requestId: z.uuid(), status: PreservationStatusSchema.exclude(['sent']), note: freeText(0, 2000).optional() }).strict(),
  ),
  'report.exportPreservation': method<ExportedFile>()(z.object({ id: z.uuid(), requestId: z.uuid() }).strict()),
  'report.exportTransmission': method<TransmissionExport>()(ReportRef),
  'report.transmit': method<Report>()(
    z
      .object({
        id: z.uuid(),
        packageSha256: Sha256HexSchema,
        recipient: freeText(1, 300),
        /** Required when the report has no complete capture (the UI asks). */
        confirmNoCompleteCapture: z.boolean().optional(),
      })
      .strict(),
  ),
  /** The orientation directory as last synced (empty before the first sync). */
  'directory.get': method<Directory>()(Empty),
  /** The report the officer has open (null: none): its claim is renewed while they work on it. */
  'report.focus': method<null>()(z.object({ id: z.uuid().nullable() }).strict()),
  // Supervisors, online: competing decisions listed from the server and arbitrated there.
  'competing.list': method<CompetingDecision[]>()(Empty),
  'competing.resolve': method<ResolvedCompeting>()(
    z.object({ id: z.uuid(), resolution: z.enum(COMPETING_RESOLUTIONS), comment: freeText(1, 2000) }).strict(),
  ),
  // The legal catalog, searched in the local store (offline too); favourites are the officer's, per category.
  'catalog.search': method<CatalogHit[]>()(CatalogSearchSchema),
  'catalog.favourites': method<Offence[]>()(z.object({ category: CategorySchema }).strict()),
  'catalog.toggleFavourite': method<Offence[]>()(z.object({ category: CategorySchema, id: OffenceIdSchema }).strict()),
  'sync.rejections': method<LocalRejection[]>()(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict()),
  // Captures (mesures conservatoires): run on this workstation, progress through `capture.progress` events.
  'capture.start': method<CaptureView>()(z.object({ reportId: z.uuid(), url: z.string().trim().min(1).max(2048).optional() }).strict()),
  'capture.list': method<CaptureView[]>()(z.object({ reportId: z.uuid() }).strict()),
  'capture.image': method<CaptureImage>()(z.object({ captureId: z.uuid(), image: z.enum(CAPTURE_IMAGES) }).strict()),
  'capture.export': method<CaptureExport>()(
    z
      .object({
        captureId: z.uuid(),
        what: z.array(z.enum(CAPTURE_EXPORTS)).min(1).max(2),
        /** Absolute folder chosen by the officer; default: the workstation's export folder. */
        folder: z.string().trim().min(1).max(1024).optional(),
        open: z.boolean().default(false),
      })
      .strict(),
  ),
  'capture.verify': method<CaptureView>()(CaptureRef),
  'capture.upload': method<CaptureView>()(CaptureRef),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
// Exclude undefined (the optional marker of `output`) but keep null, which some outputs use (no session).
export type OutputOf<M extends MethodName> = Exclude<Contract[M]['output'], undefined>;

/** Events pushed from the privileged side to the UI. */
export type EventMap = {
  'sync.status': SyncStatus;
  'vault.status': VaultStatus;
  'auth.session': Session;
  'capture.progress': CaptureView;
};
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['sync.status', 'vault.status', 'auth.session', 'capture.progress'];
