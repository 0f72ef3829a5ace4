import type { EvidenceZip } from './zip-read';
import { entryLabel, ZipRefusal, type ZipRefusalCode } from './zip-refusal';

// What a signed package may hold: exactly the files its datapackage.json lists (WACZ 1.1.1: "resources" lists
// all files contained in the WACZ, additional files MUST be listed), plus the two files that cannot list
// themselves — datapackage.json and the datapackage-digest.json that seals it. The transmission profile
// (pharos-transmission) follows the same rule. Anything else is refused by name: bytes in the archive that
// the signature does not cover have no place in evidence.

export type Resource = { path: string; hash: string; bytes: number };
type Findings = { problems: string[]; refusals: { code: ZipRefusalCode; entry: string | null }[] };

export const PACKAGE_METADATA = ['datapackage.json', 'datapackage-digest.json'] as const;
/** The metadata files (datapackage, digest, provenance) are read whole: none is near this size. */
export const METADATA_MAX_BYTES = 16 * 1024 * 1024;

function isResource(v: unknown): v is Resource {
  const r = v as Resource;
  return typeof r === 'object' && r !== null && typeof r.path === 'string' && typeof r.hash === 'string' && Number.isSafeInteger(r.bytes) && r.bytes >= 0;
}

/** The listed files (each once), after refusing every entry of the archive that is not listed. */
export function checkListing(zip: EvidenceZip, datapackage: unknown, report: Findings): Resource[] {
  const list = (datapackage as { resources?: unknown } | null | undefined)?.resources;
  if (!Array.isArray(list)) {
    report.problems.push('datapackage.json : absent ou illisible');
    return [];
  }
  const resources: Resource[] = [];
  const listed = new Set<string>(PACKAGE_METADATA);
  for (const r of list.filter(isResource)) {
    if (listed.has(r.path)) {
      report.problems.push(`${r.path} : listé deux fois dans datapackage.json`);
      continue;
    }
    listed.add(r.path);
    resources.push(r);
  }
  for (const e of zip.entries) {
    if (e.directory || listed.has(e.name)) continue;
    const refusal = new ZipRefusal('unlisted-entry', entryLabel(e.name, e.index), 'fichier non listé dans datapackage.json');
    report.problems.push(refusal.message);
    report.refusals.push({ code: refusal.code, entry: refusal.entry });
  }
  return resources;
}
