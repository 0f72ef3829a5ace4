import { CP, CPI, L1881, offence } from './entry';

/**
 * Counterfeiting, pimping, bomb-making instructions, incitement to urban violence, scams, threats and
 * harassment, and the other offences met online.
 */
export const COUNTERFEITING = [
  offence('cpi-l716-9', 'counterfeiting', 'delit',
    'Contrefaçon de marque : importation, exportation ou production de marchandises présentées sous une marque contrefaisante',
    `art. L. 716-9 ${CPI}`, `art. L. 716-9 ${CPI}`),
  offence('cpi-l716-10', 'counterfeiting', 'delit',
    'Contrefaçon de marque : détention, offre à la vente ou vente de marchandises sous une marque contrefaisante ; reproduction, imitation ou usage d’une marque',
    `art. L. 716-10 ${CPI}`, `art. L. 716-10 ${CPI}`),
  offence('cpi-l335-2', 'counterfeiting', 'delit', 'Contrefaçon d’une œuvre de l’esprit par édition ou reproduction au mépris des droits d’auteur',
    `art. L. 335-2 ${CPI}`, `art. L. 335-2 ${CPI}`),
  offence('cpi-l335-3', 'counterfeiting', 'delit',
    'Contrefaçon par reproduction, représentation ou diffusion d’une œuvre de l’esprit, y compris d’un logiciel',
    `art. L. 335-3 ${CPI}`, `art. L. 335-2 ${CPI}`),
  offence('cpi-l335-4', 'counterfeiting', 'delit',
    'Reproduction, communication ou mise à disposition du public sans autorisation d’un phonogramme, d’un vidéogramme ou d’un programme',
    `art. L. 335-4 ${CPI}`, `art. L. 335-4 ${CPI}`),
  offence('cpi-l521-10', 'counterfeiting', 'delit', 'Contrefaçon d’un dessin ou modèle',
    `art. L. 521-10 ${CPI}`, `art. L. 521-10 ${CPI}`),
];

export const PIMPING = [
  offence('cp-225-5', 'pimping', 'delit', 'Proxénétisme (aide, profit ou embauche en vue de la prostitution d’autrui)',
    `art. 225-5 ${CP}`, `art. 225-5 ${CP}`),
  offence('cp-225-6', 'pimping', 'delit',
    'Proxénétisme assimilé (intermédiaire, justification de ressources fictives, entrave à la prévention)',
    `art. 225-6 ${CP}`, `art. 225-5 ${CP}`),
  offence('cp-225-7', 'pimping', 'delit',
    'Proxénétisme aggravé (notamment victime mineure, pluralité de victimes, réseau de communications électroniques)',
    `art. 225-7 ${CP}`, `art. 225-7 ${CP}`),
  offence('cp-225-10', 'pimping', 'delit', 'Tenue, financement ou mise à disposition d’un lieu de prostitution',
    `art. 225-10 ${CP}`, `art. 225-10 ${CP}`),
  offence('cp-225-4-1', 'pimping', 'delit', 'Traite des êtres humains',
    `art. 225-4-1 ${CP}`, `art. 225-4-1 ${CP}`),
];

export const BOMB_MAKING = [
  offence('cp-322-6-1-al1', 'bomb_making', 'delit',
    'Diffusion de procédés permettant la fabrication d’engins de destruction élaborés à partir de poudre, de matières explosives, nucléaires, biologiques ou chimiques',
    `art. 322-6-1 al. 1 ${CP}`, `art. 322-6-1 al. 1 ${CP}`),
  offence('cp-322-6-1-al2', 'bomb_making', 'delit',
    'Diffusion à un public non déterminé, par un réseau de communications électroniques, de procédés de fabrication d’engins de destruction',
    `art. 322-6-1 al. 2 ${CP}`, `art. 322-6-1 al. 2 ${CP}`),
  offence('cp-322-11-1', 'bomb_making', 'delit',
    'Détention ou transport de substances ou produits incendiaires ou explosifs en vue de préparer des destructions ou des atteintes aux personnes',
    `art. 322-11-1 ${CP}`, `art. 322-11-1 ${CP}`),
];

export const URBAN_VIOLENCE = [
  offence('l1881-24-al1', 'urban_violence', 'delit',
    'Provocation publique non suivie d’effet à commettre des atteintes volontaires à la vie ou à l’intégrité de la personne, des vols, destructions ou dégradations',
    `art. 24 al. 1 et art. 23 ${L1881}`, `art. 24 al. 1 ${L1881}`),
  offence('l1881-23', 'urban_violence', 'delit', 'Provocation publique suivie d’effet à commettre un crime ou un délit (complicité)',
    `art. 23 ${L1881}`, `art. 23 ${L1881} et art. 121-7 ${CP}`),
  offence('cp-431-6', 'urban_violence', 'delit', 'Provocation directe à un attroupement armé',
    `art. 431-6 ${CP}`, `art. 431-6 ${CP}`),
  offence('cp-433-10', 'urban_violence', 'delit', 'Provocation directe à la rébellion',
    `art. 433-10 ${CP}`, `art. 433-10 ${CP}`),
  offence('cp-222-14-2', 'urban_violence', 'delit',
    'Participation à un groupement en vue de la préparation de violences contre les personnes ou de destructions ou dégradations de biens',
    `art. 222-14-2 ${CP}`, `art. 222-14-2 ${CP}`),
];

export const SCAM = [
  offence('cp-313-1', 'scam', 'delit', 'Escroquerie', `art. 313-1 ${CP}`, `art. 313-1 ${CP}`),
  offence('cp-313-2', 'scam', 'delit', 'Escroquerie aggravée (notamment en bande organisée ou au préjudice d’une personne vulnérable)',
    `art. 313-2 ${CP}`, `art. 313-2 ${CP}`),
  offence('cp-314-1', 'scam', 'delit', 'Abus de confiance', `art. 314-1 ${CP}`, `art. 314-1 ${CP}`),
  offence('cp-226-4-1', 'scam', 'delit',
    'Usurpation d’identité, y compris sur un réseau de communication au public en ligne',
    `art. 226-4-1 ${CP}`, `art. 226-4-1 ${CP}`),
];

export const THREATS_HARASSMENT = [
  offence('cp-222-17-al1', 'threats_harassment', 'delit', 'Menace de commettre un crime ou un délit contre les personnes',
    `art. 222-17 al. 1 ${CP}`, `art. 222-17 ${CP}`),
  offence('cp-222-17-al2', 'threats_harassment', 'delit', 'Menace de mort', `art. 222-17 al. 2 ${CP}`, `art. 222-17 ${CP}`),
  offence('cp-222-18', 'threats_harassment', 'delit', 'Menace avec ordre de remplir une condition',
    `art. 222-18 ${CP}`, `art. 222-18 ${CP}`),
  offence('cp-222-16', 'threats_harassment', 'delit', 'Appels téléphoniques malveillants ou envois réitérés de messages malveillants',
    `art. 222-16 ${CP}`, `art. 222-16 ${CP}`),
  offence('cp-222-33-2-2', 'threats_harassment', 'delit',
    'Harcèlement moral, y compris au moyen d’un service de communication au public en ligne',
    `art. 222-33-2-2 ${CP}`, `art. 222-33-2-2 ${CP}`),
  offence('cp-223-1-1', 'threats_harassment', 'delit',
    'Divulgation d’informations personnelles permettant d’identifier ou de localiser une personne afin de l’exposer à un risque',
    `art. 223-1-1 ${CP}`, `art. 223-1-1 ${CP}`),
  offence('cp-226-2-1', 'threats_harassment', 'delit',
    'Diffusion sans son accord d’un enregistrement ou document à caractère sexuel concernant une personne',
    `art. 226-2-1 ${CP}`, `art. 226-2-1 ${CP}`),
  offence('cp-226-1', 'threats_harassment', 'delit', 'Atteinte à l’intimité de la vie privée',
    `art. 226-1 ${CP}`, `art. 226-1 ${CP}`),
  offence('cp-312-10', 'threats_harassment', 'delit', 'Chantage', `art. 312-10 ${CP}`, `art. 312-10 ${CP}`),
  offence('cp-433-3', 'threats_harassment', 'delit',
    'Menace contre une personne dépositaire de l’autorité publique ou chargée d’une mission de service public',
    `art. 433-3 ${CP}`, `art. 433-3 ${CP}`),
];

export const OTHER = [
  offence('cp-323-1', 'other', 'delit', 'Accès ou maintien frauduleux dans un système de traitement automatisé de données',
    `art. 323-1 ${CP}`, `art. 323-1 ${CP}`),
  offence('cp-441-1', 'other', 'delit', 'Faux et usage de faux', `art. 441-1 ${CP}`, `art. 441-1 ${CP}`),
  offence('l1881-27', 'other', 'delit', 'Publication ou diffusion de fausses nouvelles de nature à troubler la paix publique',
    `art. 27 ${L1881}`, `art. 27 ${L1881}`),
  offence('cp-223-13', 'other', 'delit', 'Provocation au suicide', `art. 223-13 ${CP}`, `art. 223-13 ${CP}`),
  offence('cp-223-14', 'other', 'delit',
    'Propagande ou publicité en faveur de produits, objets ou méthodes préconisés comme moyens de se donner la mort',
    `art. 223-14 ${CP}`, `art. 223-14 ${CP}`),
  offence('cp-222-33-3', 'other', 'delit', 'Enregistrement ou diffusion d’images de violences commises sur une personne',
    `art. 222-33-3 ${CP}`, `art. 222-33-3 ${CP}`),
];
