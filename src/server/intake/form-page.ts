import { CATEGORIES, MAX_URLS_PER_REPORT } from '@shared';
import type { FormErrors, FormField, FormValues } from './form-input';
import { esc, page } from './html';
import { CATEGORY_LABELS_FR } from './labels';

const NOTICES = `
<section aria-labelledby="avant">
<h2 id="avant">Avant de signaler</h2>
<div class="notice" role="note">
<p><strong>PHAROS n’est pas un service d’urgence.</strong> En cas de danger immédiat ou d’urgence,
appelez le <strong>17</strong> (police secours) ou le <strong>112</strong> (numéro d’urgence européen).</p>
</div>
<div class="info" role="note">
<p><strong>Ce signalement n’est pas une plainte.</strong> Si vous êtes victime d’une infraction, déposez
plainte auprès d’un commissariat de police ou d’une brigade de gendarmerie, ou faites une pré-plainte en ligne.</p>
<p><strong>Seuls les contenus publics sont traités</strong> : sites, forums, réseaux sociaux accessibles à tous.
Les échanges privés entre personnes qui se connaissent (courriels, messageries privées) n’entrent pas dans
la compétence de PHAROS.</p>
</div>
</section>`;

function errorText(errors: FormErrors, f: FormField): string {
  const e = errors[f];
  return e ? `<span class="error" id="${f}-erreur">${esc(e)}</span>` : '';
}

function describedBy(errors: FormErrors, f: FormField, hint?: string): string {
  const ids = [hint, errors[f] ? `${f}-erreur` : undefined].filter(Boolean).join(' ');
  return `${ids ? ` aria-describedby="${ids}"` : ''}${errors[f] ? ' aria-invalid="true"' : ''}`;
}

function summary(errors: FormErrors): string {
  const entries = Object.entries(errors) as [FormField, string][];
  if (entries.length === 0) return '';
  const anchor = (f: FormField) => (f === 'category' ? `category-${CATEGORIES[0]}` : f === 'confirmPublic' ? 'confirm_public' : f);
  const items = entries.map(([f, m]) => `<li><a href="#${anchor(f)}">${esc(m)}</a></li>`).join('\n');
  return `<div class="summary" role="alert" aria-labelledby="erreurs"><h2 id="erreurs">Le signalement n’a pas été envoyé</h2>
<p>Corrigez ${entries.length > 1 ? `les ${entries.length} points suivants` : 'le point suivant'} :</p><ul>${items}</ul></div>`;
}

function categoryFieldset(v: FormValues, errors: FormErrors): string {
  const options = CATEGORIES.map(
    (c) => `<div><input type="radio" id="category-${c}" name="category" value="${c}"${v.category === c ? ' checked' : ''} required><label for="category-${c}">${esc(CATEGORY_LABELS_FR[c])}</label></div>`,
  ).join('\n');
  return `<fieldset class="radio"${errors.category ? ' aria-describedby="category-erreur"' : ''}>
<legend>Type de contenu (obligatoire)</legend>${errorText(errors, 'category')}
${options}
</fieldset>`;
}

function contentFieldset(v: FormValues, errors: FormErrors): string {
  return `<fieldset><legend>Le contenu signalé</legend>
<label for="urls">Adresse(s) du contenu (obligatoire)
<span class="hint" id="urls-aide">Une adresse par ligne, ${MAX_URLS_PER_REPORT} au maximum, commençant par https:// ou http://</span></label>
${errorText(errors, 'urls')}<textarea id="urls" name="urls" rows="3" required${describedBy(errors, 'urls', 'urls-aide')}>${esc(v.urls)}</textarea>
<label for="description">Description (obligatoire)
<span class="hint" id="description-aide">Ce que vous avez vu, où se trouve le contenu sur la page, depuis quand.</span></label>
${errorText(errors, 'description')}<textarea id="description" name="description" rows="6" maxlength="5000" required${describedBy(errors, 'description', 'description-aide')}>${esc(v.description)}</textarea>
</fieldset>`;
}

function contactFieldset(v: FormValues, errors: FormErrors): string {
  const input = (f: 'name' | 'email' | 'phone' | 'postcode', type: string, label: string, autocomplete: string, extra = '') =>
    `<label for="${f}">${label}</label>${errorText(errors, f)}<input type="${type}" id="${f}" name="${f}" autocomplete="${autocomplete}" value="${esc(v[f])}"${extra}${describedBy(errors, f)}>`;
  return `<fieldset><legend>Vos coordonnées (facultatif)</legend>
<p class="hint">Elles permettent aux enquêteurs de vous recontacter si nécessaire. Elles ne sont pas transmises à la personne signalée.</p>
${input('name', 'text', 'Nom et prénom', 'name')}
${input('email', 'email', 'Adresse électronique', 'email')}
${input('phone', 'tel', 'Téléphone', 'tel')}
${input('postcode', 'text', 'Code postal de votre domicile <span class="hint">(permet d’orienter vers le service compétent près de chez vous)</span>', 'postal-code', ' inputmode="numeric" maxlength="5" pattern="[0-9]{5}"')}
</fieldset>`;
}

/** The public reporting form, empty or re-filled with the input and its errors. */
export function formPage(v: FormValues, errors: FormErrors = {}): string {
  const confirmErr = errors.confirmPublic ? ' aria-describedby="confirmPublic-erreur" aria-invalid="true"' : '';
  return page(
    Object.keys(errors).length > 0 ? 'Erreur — Signaler un contenu illicite' : 'Signaler un contenu illicite',
    `<h1>Signaler un contenu illicite de l’Internet</h1>
${summary(errors)}
${NOTICES}
<form method="post" action="/" novalidate>
${contentFieldset(v, errors)}
${categoryFieldset(v, errors)}
${contactFieldset(v, errors)}
<fieldset class="check"><legend>Confirmation (obligatoire)</legend>${errorText(errors, 'confirmPublic')}
<input type="checkbox" id="confirm_public" name="confirm_public" value="yes"${v.confirmPublic ? ' checked' : ''} required${confirmErr}>
<label for="confirm_public">Je confirme que ce contenu est accessible publiquement sur Internet et qu’il ne s’agit pas d’un échange privé.</label>
</fieldset>
<button type="submit">Envoyer le signalement</button>
</form>`,
  );
}

export function confirmationPage(reference: string): string {
  return page(
    'Signalement enregistré',
    `<h1>Votre signalement a été enregistré</h1>
<p>Référence du signalement :</p><p class="ref">${esc(reference)}</p>
<p>Conservez cette référence. Votre signalement sera examiné par les enquêteurs de PHAROS, policiers et gendarmes.
Vous ne recevrez pas nécessairement de réponse.</p>
<div class="notice" role="note"><p>En cas d’urgence, appelez le <strong>17</strong> ou le <strong>112</strong>.</p></div>
<p><a href="/">Faire un autre signalement</a></p>`,
  );
}

export function rateLimitedPage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return page(
    'Trop de signalements',
    `<h1>Trop de signalements envoyés</h1>
<p role="alert">Vous avez envoyé beaucoup de signalements en peu de temps. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.</p>
<div class="notice" role="note"><p>En cas d’urgence, appelez le <strong>17</strong> ou le <strong>112</strong>.</p></div>
<p><a href="/">Retour au formulaire</a></p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="/">Retour au formulaire</a></p>`);
}
