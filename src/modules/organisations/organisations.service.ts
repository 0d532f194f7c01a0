import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import { insertOrganisation, slugTaken, updateOrganisation } from './organisations.queries.js';
import { OrganisationForm } from './organisations.schema.js';

/** Slugs that are addresses of pages, not of organisations. */
const RESERVED_SLUGS = new Set(['new']);

export type SaveResult = { ok: true; slug: string } | { ok: false; errors: FieldErrors };

/**
 * Creates an organisation, or changes the one at `existingSlug`. Checks every field first;
 * nothing is stored unless all are right.
 */
export async function saveOrganisation(
  db: Kysely<Database>,
  body: unknown,
  t: Translator['t'],
  existingSlug?: string,
): Promise<SaveResult> {
  const form = validateForm<OrganisationForm>(OrganisationForm, body, t);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const slug = form.ok ? form.value.slug : undefined;
  if (slug && RESERVED_SLUGS.has(slug)) errors.slug = t('organisations.problem.slugReserved');
  else if (slug && (await slugTaken(db, slug, existingSlug))) errors.slug = t('organisations.problem.slugTaken');
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  if (existingSlug) {
    if (!(await updateOrganisation(db, existingSlug, form.value)))
      return { ok: false, errors: { _form: t('organisations.problem.gone') } };
  } else {
    await insertOrganisation(db, form.value);
  }
  return { ok: true, slug: form.value.slug };
}
