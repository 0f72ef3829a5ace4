import type { Category } from '@shared';

/** French labels of the report categories, worded as the public understands them. */
export const CATEGORY_LABELS_FR: Record<Category, string> = {
  terrorism: 'Terrorisme : provocation ou apologie',
  child_sexual_abuse: 'Pédocriminalité : images ou vidéos d’abus sexuels sur mineurs',
  hate_discrimination: 'Haine, racisme, discrimination',
  drugs_incitement: 'Incitation à l’usage ou au trafic de stupéfiants',
  counterfeiting: 'Contrefaçon',
  pimping: 'Proxénétisme, traite des êtres humains',
  bomb_making: 'Fabrication d’explosifs ou d’armes',
  urban_violence: 'Appel à la violence ou aux émeutes',
  scam: 'Escroquerie, arnaque, hameçonnage (phishing)',
  threats_harassment: 'Menaces, harcèlement',
  other: 'Autre contenu illicite',
};
