/** Bounds of the evidence upload (server options; see README, "Server data at rest"). */
export type EvidenceLimits = {
  /** Largest capture accepted, by the size its record declares. */
  maxBytes: number;
  /** Declared bytes of one officer's uploads in progress, together. */
  quotaBytes: number;
  /** An upload with no chunk for this long is removed (its part and state). */
  abandonAfterMs: number;
};

const GiB = 1024 ** 3;

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = { maxBytes: 2 * GiB, quotaBytes: 8 * GiB, abandonAfterMs: 24 * 3600_000 };

/** 2147483648 → "2 Gio (2147483648 octets)"; small sizes in bytes only. */
export function formatBytes(n: number): string {
  const units: [number, string][] = [[GiB, 'Gio'], [1024 ** 2, 'Mio'], [1024, 'Kio']];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(2))} ${unit} (${n} octets)`;
  }
  return `${n} octets`;
}

/** "2G", "512M", "64K", "1000" (bytes; binary units, case-insensitive, optional "io"/"iB"/"B"). */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b|io|o)?\s*$/i.exec(text);
  if (!m) return null;
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: GiB, t: 1024 ** 4 }[(m[2] as string).toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Math.round(Number(m[1]) * factor);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
