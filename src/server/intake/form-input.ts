import { CATEGORIES, canonicalUrl, freeTextReason, HttpUrlSchema, MAX_URLS_PER_REPORT, ReporterSchema, ReportSubmissionSchema, unstorableReason, type Category, type ReportSubmission } from '@shared';

/** The form as typed, kept to re-render it after an error. */
export type FormValues = { urls: string; category: string; description: string; name: string; email: string; phone: string; postcode: string; confirmPublic: boolean };
export type FormField = keyof FormValues;
export type FormErrors = Partial<Record<FormField, string>>;

export const EMPTY_FORM: FormValues = { urls: '', category: '', description: '', name: '', email: '', phone: '', postcode: '', confirmPublic: false };

function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, 20_000) : '';
}

export function readForm(body: unknown): FormValues {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return {
    urls: field(b, 'urls'),
    category: field(b, 'category'),
    description: field(b, 'description'),
    name: field(b, 'name'),
    email: field(b, 'email'),
    phone: field(b, 'phone'),
    postcode: field(b, 'postcode'),
    confirmPublic: field(b, 'confirm_public') === 'yes',
  };
}

/** Validates the form with messages a member of the public can act on. */
export function validateForm(v: FormValues): { ok: true; submission: ReportSubmission } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const urls = v.urls.split(/\r?\n/).map((u) => u.trim()).filter((u) => u.length > 0);
  const badUrl = urls.find((u) => !HttpUrlSchema.safeParse(u).success || canonicalUrl(u) === null);
  if (urls.length === 0) errors.urls = 'Indiquez l’adresse (URL) du contenu, par exemple https://exemple.fr/page.';
  else if (urls.length > MAX_URLS_PER_REPORT) errors.urls = `${MAX_URLS_PER_REPORT} adresses au maximum par signalement.`;
  else if (badUrl !== undefined) errors.urls = `« ${badUrl.slice(0, 100)} » n’est pas une adresse web valide (elle doit commencer par http:// ou https://).`;
  if (!(CATEGORIES as readonly string[]).includes(v.category)) errors.category = 'Choisissez la catégorie qui correspond le mieux au contenu.';
  const description = v.description.trim();
  if (description.length < 10) errors.description = 'Décrivez le contenu en quelques mots (10 caractères au moins).';
  else if (description.length > 5000) errors.description = 'La description est limitée à 5000 caractères.';
  const reporter = {
    ...(v.name.trim() ? { name: v.name.trim() } : {}),
    ...(v.email.trim() ? { email: v.email.trim() } : {}),
    ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
    ...(v.postcode.trim() ? { postcode: v.postcode.trim() } : {}),
  };
  const contact = ReporterSchema.safeParse(reporter);
  if (!contact.success) {
    for (const issue of contact.error.issues) {
      if (issue.path[0] === 'email') errors.email = 'Adresse électronique invalide (exemple : prenom.nom@exemple.fr).';
      else if (issue.path[0] === 'phone') errors.phone = 'Numéro de téléphone invalide : chiffres, espaces et + uniquement.';
      else if (issue.path[0] === 'postcode') errors.postcode = 'Code postal invalide : 5 chiffres (exemple : 69003).';
      else errors.name = 'Le nom est limité à 200 caractères.';
    }
  }
  if (!v.confirmPublic) errors.confirmPublic = 'Confirmez que le contenu est accessible publiquement sur Internet.';
  Object.assign(errors, textErrors(v));
  if (Object.keys(errors).length > 0 || !contact.success) return { ok: false, errors };
  const submission: ReportSubmission = { urls, category: v.category as Category, description };
  if (Object.keys(contact.data).length > 0) submission.reporter = contact.data;
  // The form is read field by field above, with messages for the public; what is recorded must also
  // pass the one definition of a submission the API uses (storable text included).
  if (!ReportSubmissionSchema.safeParse(submission).success) return { ok: false, errors: { description: 'Le signalement n’a pas pu être lu : vérifiez chaque champ et renvoyez-le.' } };
  return { ok: true, submission };
}

const TEXT_FIELDS: readonly { field: FormField; label: string; free: boolean }[] = [
  { field: 'urls', label: 'L’adresse', free: false },
  { field: 'description', label: 'La description', free: true },
  { field: 'name', label: 'Le nom', free: true },
  { field: 'email', label: 'L’adresse électronique', free: false },
  { field: 'phone', label: 'Le numéro de téléphone', free: false },
  { field: 'postcode', label: 'Le code postal', free: false },
];

/**
 * Text that cannot be stored (a NUL character, broken UTF-16 from a faulty copy) or, in what a person
 * types, an invisible control character: refused with the field and the position (src/shared/text.ts).
 */
function textErrors(v: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const { field, label, free } of TEXT_FIELDS) {
    const value = v[field];
    const reason = typeof value === 'string' ? (free ? freeTextReason(value) : unstorableReason(value)) : null;
    if (reason) errors[field] = `${label} ${reason}.`;
  }
  return errors;
}
