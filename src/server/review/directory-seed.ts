import { DEPARTEMENTS, type ServiceEntry } from '@shared';

/**
 * The directory a new server starts with. Territorial services are generic per département (the real
 * directory, with each service's contact channel, is maintained by the platform); central offices and
 * cooperation channels are named as public sources name them. No telephone numbers or e-mail addresses:
 * cases go through the channels the services publish.
 */
const entry = (e: Partial<ServiceEntry> & Pick<ServiceEntry, 'id' | 'kind' | 'name'>): ServiceEntry => ({
  departement: null,
  country: null,
  categories: [],
  channel: null,
  notes: null,
  active: true,
  ...e,
});

function territorial(): ServiceEntry[] {
  return DEPARTEMENTS.flatMap(([code, name]) => [
    entry({ id: `police-${code}`, kind: 'territorial_police', name: `Sûreté départementale — ${name} (${code})`, departement: code, channel: 'Transmission par la messagerie sécurisée des services' }),
    entry({ id: `gendarmerie-${code}`, kind: 'territorial_gendarmerie', name: `Groupement de gendarmerie départementale — ${name} (${code})`, departement: code, channel: 'Transmission par la messagerie sécurisée des services' }),
  ]);
}

const CENTRAL: ServiceEntry[] = [
  entry({ id: 'ofac', kind: 'central_office', name: 'Office anti-cybercriminalité (OFAC)', categories: ['scam', 'other'], notes: 'Direction nationale de la police judiciaire ; a succédé à l’OCLCTIC en 2023.' }),
  entry({ id: 'oclctic', kind: 'central_office', name: 'Office central de lutte contre la criminalité liée aux technologies de l’information et de la communication (OCLCTIC)', categories: ['scam', 'other'], active: false, notes: 'Dénomination antérieure de l’OFAC, gardée pour les dossiers anciens.' }),
  entry({ id: 'sdat', kind: 'central_office', name: 'Sous-direction anti-terroriste (SDAT)', categories: ['terrorism', 'bomb_making'], notes: 'Direction nationale de la police judiciaire.' }),
  entry({ id: 'ofmin', kind: 'central_office', name: 'Office mineurs (OFMIN)', categories: ['child_sexual_abuse'] }),
  entry({ id: 'ocrvp', kind: 'central_office', name: 'Office central pour la répression des violences aux personnes (OCRVP)', categories: ['threats_harassment'] }),
  entry({ id: 'oclch', kind: 'central_office', name: 'Office central de lutte contre les crimes contre l’humanité et les crimes de haine (OCLCH)', categories: ['hate_discrimination'] }),
  entry({ id: 'ofast', kind: 'central_office', name: 'Office anti-stupéfiants (OFAST)', categories: ['drugs_incitement'] }),
  entry({ id: 'ocrteh', kind: 'central_office', name: 'Office central pour la répression de la traite des êtres humains (OCRTEH)', categories: ['pimping'] }),
  entry({ id: 'oclaesp', kind: 'central_office', name: 'Office central de lutte contre les atteintes à l’environnement et à la santé publique (OCLAESP)', categories: ['counterfeiting'] }),
  entry({ id: 'ocrgdf', kind: 'central_office', name: 'Office central pour la répression de la grande délinquance financière (OCRGDF)', categories: ['scam'] }),
  entry({ id: 'comcybermi', kind: 'central_office', name: 'Commandement du ministère de l’Intérieur dans le cyberespace (COMCYBER-MI)', categories: ['scam', 'other'], notes: 'Gendarmerie nationale.' }),
];

const INTERNATIONAL: ServiceEntry[] = [
  entry({ id: 'interpol', kind: 'interpol', name: 'Interpol — Bureau central national de Paris', channel: 'Section centrale de coopération opérationnelle de police (SCCOPOL)' }),
  entry({ id: 'europol-ec3', kind: 'europol', name: 'Europol — Centre européen de lutte contre la cybercriminalité (EC3)', channel: 'Unité nationale Europol (SCCOPOL)' }),
  entry({ id: 'europol-iru', kind: 'europol', name: 'Europol — Unité de signalement des contenus sur Internet (EU IRU)', categories: ['terrorism'], channel: 'Unité nationale Europol (SCCOPOL)' }),
  entry({ id: 'platform-google', kind: 'foreign_platform', name: 'Google (YouTube, Blogger)', country: 'US', channel: 'Portail des demandes des autorités : https://lers.google.com' }),
  entry({ id: 'platform-meta', kind: 'foreign_platform', name: 'Meta (Facebook, Instagram)', country: 'US', channel: 'Portail des demandes des autorités : https://www.facebook.com/records' }),
  entry({ id: 'platform-x', kind: 'foreign_platform', name: 'X (anciennement Twitter)', country: 'US', channel: 'Portail des demandes des autorités publié par la plateforme' }),
  entry({ id: 'platform-tiktok', kind: 'foreign_platform', name: 'TikTok', country: 'IE', channel: 'Portail des demandes des autorités publié par la plateforme' }),
  entry({ id: 'platform-telegram', kind: 'foreign_platform', name: 'Telegram', country: 'AE', channel: 'Canal de signalement des contenus illicites publié par la plateforme' }),
  entry({ id: 'platform-snapchat', kind: 'foreign_platform', name: 'Snapchat', country: 'US', channel: 'Portail des demandes des autorités publié par la plateforme' }),
];

export const DIRECTORY_SEED: readonly ServiceEntry[] = [...territorial(), ...CENTRAL, ...INTERNATIONAL];
