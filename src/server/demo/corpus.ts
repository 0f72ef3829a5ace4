import type { Category } from '@shared';

/**
 * Synthetic report texts, as a PHAROS officer reads them every day. Every name, handle and site is
 * invented; addresses point to the demo web served by the server itself or to reserved example domains.
 */
export type CorpusEntry = { category: Category; path: string; text: string };

export const CORPUS: readonly CorpusEntry[] = [
  { category: 'scam', path: 'boutique/', text: 'Boutique en ligne qui vend des consoles de jeux à moitié prix. J’ai payé par virement il y a trois semaines, aucune livraison, plus de réponse du service client et le site a changé de nom.' },
  { category: 'scam', path: 'boutique/produit/3', text: 'Faux site de vente : mentions légales absentes, paiement uniquement par carte cadeau, avis clients tous publiés le même jour.' },
  { category: 'scam', path: 'banque/connexion', text: 'SMS reçu « Votre colis est bloqué, réglez 1,99 € de frais » avec un lien vers cette page qui imite l’espace client d’une banque et demande le numéro de carte et le code reçu par SMS.' },
  { category: 'scam', path: 'banque/connexion?ref=sms', text: 'Hameçonnage : message se faisant passer pour l’Assurance maladie, remboursement en attente, la page demande identifiants et coordonnées bancaires.' },
  { category: 'scam', path: 'annonces/location-12', text: 'Annonce de location d’appartement à un loyer très bas, le « propriétaire » à l’étranger demande un dépôt de garantie par mandat avant toute visite.' },
  { category: 'counterfeiting', path: 'boutique/produit/7', text: 'Vente de montres et sacs de grandes marques à des prix dérisoires, photos reprises des sites officiels, expédition depuis l’étranger.' },
  { category: 'counterfeiting', path: 'boutique/produit/9', text: 'Faux médicaments vendus sans ordonnance (traitement amaigrissant), présentés comme des produits de marque.' },
  { category: 'terrorism', path: 'video/propagande-1', text: 'Vidéo qui fait l’apologie d’un attentat récent et appelle à « suivre l’exemple », partagée avec des chants et des logos d’une organisation terroriste.' },
  { category: 'terrorism', path: 'forum/sujet/8810', text: 'Message sur un forum glorifiant les auteurs d’un attentat et incitant à passer à l’acte, avec une liste de lieux fréquentés.' },
  { category: 'bomb_making', path: 'video/tutoriel-2', text: 'Vidéo tutoriel expliquant pas à pas la fabrication d’un engin explosif artisanal à partir de produits du commerce.' },
  { category: 'bomb_making', path: 'forum/sujet/3307', text: 'Fil de discussion où un utilisateur donne des quantités et une méthode d’assemblage d’un explosif, avec photos.' },
  { category: 'hate_discrimination', path: 'forum/sujet/4521', text: 'Propos racistes et appels à la haine envers une communauté dans un fil de forum, plusieurs messages du même pseudonyme.' },
  { category: 'hate_discrimination', path: 'reseau/profil/ombre_du_nord', text: 'Compte de réseau social qui publie chaque jour des messages antisémites et des montages injurieux.' },
  { category: 'hate_discrimination', path: 'forum/sujet/4522', text: 'Incitation à la discrimination à l’embauche d’une catégorie de personnes en raison de leur religion, publiée sur un forum.' },
  { category: 'drugs_incitement', path: 'reseau/profil/plug_express', text: 'Vente de cannabis et de cocaïne sur un réseau social : menu de produits, tarifs et « livraison en 30 minutes » dans plusieurs villes.' },
  { category: 'drugs_incitement', path: 'annonces/drogue-4', text: 'Annonce proposant des comprimés d’ecstasy « de qualité » avec contact sur une messagerie chiffrée.' },
  { category: 'pimping', path: 'annonces/escort-21', text: 'Annonces d’« escort » multiples avec le même numéro de téléphone, photos identiques sous des prénoms différents : suspicion de proxénétisme.' },
  { category: 'pimping', path: 'annonces/massage-5', text: 'Salon de « massage » proposant des prestations sexuelles tarifées, annonces publiées par un tiers pour plusieurs jeunes femmes.' },
  { category: 'urban_violence', path: 'reseau/profil/quartier_en_feu', text: 'Appel à « tout brûler » ce soir dans un quartier, avec heure de rendez-vous et conseils pour affronter les forces de l’ordre.' },
  { category: 'urban_violence', path: 'forum/sujet/9001', text: 'Message incitant à des émeutes et au pillage de commerces après un fait divers, relayé sur un forum local.' },
  { category: 'threats_harassment', path: 'reseau/profil/anonyme_1337', text: 'Harcèlement d’une adolescente par un compte anonyme : publication de montages humiliants et menaces répétées.' },
  { category: 'threats_harassment', path: 'forum/sujet/7777', text: 'Menaces de mort publiques contre un élu local, avec son adresse publiée dans le message.' },
  { category: 'child_sexual_abuse', path: 'longue-page', text: 'Page qui semble proposer des échanges d’images pédopornographiques : liens vers des archives et vocabulaire explicite. Je n’ai pas ouvert les liens.' },
  { category: 'other', path: 'popup', text: 'Site qui ouvre des fenêtres en boucle et prétend que l’ordinateur est infecté, demande d’appeler un faux support technique.' },
  { category: 'other', path: 'redirection', text: 'Lien raccourci reçu par message qui redirige vers une fausse boutique, impossible de savoir qui est derrière.' },
];

export const REPORTER_NAMES = ['Camille Martin', 'Julien Bernard', 'Sophie Petit', 'Nicolas Durand', 'Léa Moreau', 'Thomas Laurent', 'Chloé Simon', 'Hugo Michel'];
export const ORGANISATIONS = { professional: ['Hébergeur Exemple SAS', 'Plateforme Vidéo Exemple', 'Signaleur de confiance Exemple'], state: ['DGCCRF', 'Douane — Cyberdouane', 'ANSSI'] };
