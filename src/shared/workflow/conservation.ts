import { z } from 'zod';

/**
 * Conservatory measures (DESIGN §1 step 3) and the transmission of a decided case, as recorded on the
 * report: the data-preservation requests sent to hosts, with their status, and the package sent to the
 * receiving service (identified by its SHA-256, so the copy received can be matched to the one recorded).
 */
const At = z.iso.datetime({ offset: false, precision: 3 });
const By = z.string().min(1).max(64);

/** A French host receives the request directly; a foreign one through the G8/H24 network. */
export const PRESERVATION_CHANNELS = ['host_fr', 'g8_h24'] as const;
export const PreservationChannelSchema = z.enum(PRESERVATION_CHANNELS);
export type PreservationChannel = z.infer<typeof PreservationChannelSchema>;
/** How audited events and documents name each channel (the UI has its own translated labels). */
export const PRESERVATION_CHANNEL_FR: Record<PreservationChannel, string> = { host_fr: 'hébergeur français', g8_h24: 'réseau G8/H24' };

/** `sent` when recorded; then what the host answered, or that the preservation period ran out. */
export const PRESERVATION_STATUSES = ['sent', 'acknowledged', 'refused', 'expired'] as const;
export const PreservationStatusSchema = z.enum(PRESERVATION_STATUSES);
export type PreservationStatus = z.infer<typeof PreservationStatusSchema>;

/** Which status may follow which: an answer once, expiry at any time before. */
export function nextPreservationStatusAllowed(from: PreservationStatus, to: PreservationStatus): boolean {
  switch (from) {
    case 'sent':
      return to !== 'sent';
    case 'acknowledged':
      return to === 'expired';
    case 'refused':
    case 'expired':
      return false;
    default: {
      const never: never = from;
      throw new Error(`unknown preservation status ${String(never)}`);
    }
  }
}

export const PreservationHostSchema = z
  .object({
    name: z.string().trim().min(2, 'nom de l’hébergeur trop court').max(200),
    /** ISO 3166-1 alpha-2 code, when known. */
    country: z.string().trim().regex(/^[A-Z]{2}$/, 'code pays ISO à deux lettres').nullable(),
    contact: z.string().trim().max(300).nullable(),
  })
  .strict();
export type PreservationHost = z.infer<typeof PreservationHostSchema>;

export const PreservationUrlsSchema = z.array(z.string().trim().regex(/^https?:\/\/\S+$/i, 'adresse http(s)').max(2048)).min(1).max(10);
export const PreservationDaysSchema = z.number().int().min(1).max(365);

export const PreservationSchema = z.object({
  requestId: z.uuid(),
  channel: PreservationChannelSchema,
  host: PreservationHostSchema,
  urls: PreservationUrlsSchema,
  durationDays: PreservationDaysSchema,
  status: PreservationStatusSchema,
  note: z.string().nullable(),
  by: By,
  at: At,
  updatedBy: By,
  updatedAt: At,
});
export type Preservation = z.infer<typeof PreservationSchema>;
export const MAX_PRESERVATIONS = 50;

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'empreinte SHA-256 (64 caractères hexadécimaux)');
export const TransmissionSchema = z.object({ packageSha256: Sha256HexSchema, recipient: z.string().min(1).max(300), by: By, at: At });
export type Transmission = z.infer<typeof TransmissionSchema>;
