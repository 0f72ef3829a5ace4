import { CATEGORIES, SOURCES, basePriority, type Category, type Report, type ReportEvent, type ReportStatus, type Source } from '@shared';
import { seededRandom } from '@shared/random';

/**
 * Deterministic synthetic reports for the dev harness and the UI tests. Every address is on a
 * reserved example domain: nothing here points at real content.
 */

const HOSTS = ['boutique-exemple.fr', 'forum.exemple.org', 'video.exemple.net', 'annonces-exemple.com', 'reseau.exemple.fr', 'blog.exemple.org'];
const PATHS = ['/annonce/', '/fil/', '/watch?v=', '/p/', '/u/', '/article/'];
const DESCRIPTIONS: Record<Category, string> = {
  terrorism: 'Vidéo faisant l’apologie d’un attentat, partagée sur un fil public.',
  child_sexual_abuse: 'Lien signalé par un hébergeur partenaire, contenu non vérifié.',
  hate_discrimination: 'Messages injurieux visant une communauté en raison de sa religion.',
  drugs_incitement: 'Publication vantant la consommation de stupéfiants avec lien de vente.',
  counterfeiting: 'Vente de montres de luxe contrefaites, paiement par virement uniquement.',
  pimping: 'Annonces d’escort laissant penser à une exploitation organisée.',
  bomb_making: 'Tutoriel de fabrication d’un engin explosif artisanal.',
  urban_violence: 'Appel à se rassembler pour « tout casser » ce soir dans un quartier.',
  scam: 'Faux site de livraison demandant le paiement de frais de douane.',
  threats_harassment: 'Menaces de mort répétées envers une élue locale.',
  other: 'Contenu signalé sans catégorie précise par l’internaute.',
};
const STATUS_WEIGHTS: [ReportStatus, number][] = [
  ['received', 0.6],
  ['in_progress', 0.15],
  ['decision_proposed', 0.07],
  ['returned', 0.03],
  ['decided', 0.1],
  ['transmitted', 0.05],
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function weighted(r: () => number): ReportStatus {
  let x = r();
  for (const [s, w] of STATUS_WEIGHTS) {
    if ((x -= w) < 0) return s;
  }
  return 'received';
}

function uuid(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function events(id: string, status: ReportStatus, receivedAt: string, source: Source): ReportEvent[] {
  const list: ReportEvent[] = [{ id: `${id}-1`, at: receivedAt, actor: source, action: 'receive', fromStatus: null, toStatus: 'received', detail: null }];
  if (status !== 'received') {
    const at = new Date(new Date(receivedAt).getTime() + 3_600_000).toISOString();
    list.push({ id: `${id}-2`, at, actor: 'a.martin', action: 'claim', fromStatus: 'received', toStatus: 'in_progress', detail: null });
  }
  return list;
}

export function fakeReports(count: number, seed = 42, now = Date.now()): Report[] {
  const r = seededRandom(seed);
  const out: Report[] = [];
  for (let i = 0; i < count; i++) {
    const category = pick(r, CATEGORIES);
    const source = pick(r, SOURCES);
    const status = weighted(r);
    const id = uuid(r);
    const receivedAt = new Date(now - Math.floor(r() * 30 * 24 * 3600_000)).toISOString();
    const urls = Array.from({ length: 1 + Math.floor(r() * r() * 4) }, () => `https://${pick(r, HOSTS)}${pick(r, PATHS)}${Math.floor(r() * 1e6)}`);
    const claimed = status === 'in_progress' || status === 'decision_proposed';
    out.push({
      id,
      reference: `PH-2026-${String(i + 1).padStart(6, '0')}`,
      source,
      category,
      status,
      priority: Math.min(100, basePriority(category, source) + Math.floor(r() * 8)),
      urls,
      description: DESCRIPTIONS[category],
      reporter: source === 'public' && r() < 0.4 ? { name: 'Camille Dupont', email: 'camille.dupont@exemple.fr' } : source === 'professional' ? { organisation: 'Hébergeur Exemple SAS' } : null,
      externalRef: source === 'state' ? `DGCCRF-${1000 + i}` : null,
      receivedAt,
      updatedAt: receivedAt,
      claimedBy: claimed ? 'a.martin' : null,
      leaseUntil: claimed ? new Date(now + 3600_000).toISOString() : null,
      assignedTo: null,
      clusterId: r() < 0.1 ? `cluster-${Math.floor(r() * 50)}` : null,
      version: status === 'received' ? 1 : 2,
      events: events(id, status, receivedAt, source),
    });
  }
  return out;
}
