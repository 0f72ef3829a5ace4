import { CATEGORIES, SOURCES, basePriority, type Category } from '@shared/domain/taxonomy';
import { REPORT_STATUSES } from '@shared/domain/state-machine';
import type { Report } from '@shared/domain/report';
import { seededRandom } from '@shared/random';


const WORDS = [
  'arnaque', 'faux', 'site', 'boutique', 'paiement', 'virement', 'message', 'menace', 'vidéo', 'forum',
  'compte', 'profil', 'publication', 'commentaire', 'haine', 'propos', 'incitation', 'vente', 'produit',
  'contrefaçon', 'annonce', 'réseau', 'groupe', 'lien', 'page', 'photo', 'victime', 'escroquerie',
  'banque', 'livraison', 'colis', 'appel', 'violence', 'recette', 'explosif', 'drogue', 'cannabis',
];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

function category(r: () => number): Category {
  // About half of PHAROS reports are scams; the rest spread over the other categories.
  return r() < 0.5 ? 'scam' : pick(r, CATEGORIES);
}

function uuidFor(i: number, seed: number): string {
  const hex = (i * 7919 + seed * 104729).toString(16).padStart(12, '0').slice(-12);
  const a = (seed >>> 0).toString(16).padStart(8, '0').slice(-8);
  return `${a}-0000-4000-8000-${hex}`;
}

export function syntheticReport(i: number, seed = 1): Report {
  const r = seededRandom(seed * 1_000_003 + i);
  const cat = category(r);
  const source = pick(r, SOURCES);
  const status = r() < 0.6 ? 'received' : pick(r, REPORT_STATUSES);
  const received = new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 300 * 86_400_000)).toISOString();
  const domain = `site${Math.floor(r() * 5000)}.example`;
  const urls = [`https://${domain}/page/${i}`];
  if (r() < 0.2) urls.push(`https://cdn${Math.floor(r() * 50)}.example/media/${i}.jpg`);
  const description = Array.from({ length: 12 + Math.floor(r() * 30) }, () => pick(r, WORDS)).join(' ');
  return {
    id: uuidFor(i, seed),
    reference: `PHR-2026-${String(i).padStart(7, '0')}`,
    source,
    category: cat,
    status,
    priority: basePriority(cat, source),
    urls,
    description: `Signalement ${i} : ${description}.`,
    reporter: r() < 0.3 ? { name: `Déclarant ${i}`, email: `declarant${i}@example.org` } : null,
    externalRef: source === 'professional' ? `EXT-${i}` : null,
    receivedAt: received,
    updatedAt: received,
    claimedBy: null,
    leaseUntil: null,
    assignedTo: null,
    clusterId: null,
    version: 1,
    events: [{ id: `${uuidFor(i, seed)}-e0`, at: received, actor: 'intake', action: 'receive', fromStatus: null, toStatus: 'received', detail: null }],
  };
}
