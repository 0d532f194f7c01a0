import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import { recordAudit } from '../../core/audit/audit.js';
import { markForIndex } from '../../core/search/search-index.js';
import { markOrganisationForIndex } from './organisations.search.js';
import { countOpenProposals, reviewOrganisation } from './claims.queries.js';
import {
  insertOrganisation,
  insertProposal,
  nameListed,
  slugTaken,
  sortKey,
  updateOrganisation,
  type OrganisationRecord,
} from './organisations.queries.js';
import { OrganisationForm, ProposalForm } from './organisations.schema.js';

/** Slugs that are addresses of pages, not of organisations. */
const RESERVED_SLUGS = new Set(['new', 'propose', 'proposals', 'claims']);

/** How many proposals of one person may wait for review at once. */
export const OPEN_PROPOSALS_MAX = 5;

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
  // The organisation and its marks for the search index (organisations.search.ts) together.
  const saved = await db.transaction().execute(async (trx) => {
    const id = existingSlug
      ? await updateOrganisation(trx, existingSlug, form.value)
      : await insertOrganisation(trx, form.value);
    if (id !== null) await markOrganisationForIndex(trx, id);
    return id !== null;
  });
  if (!saved) return { ok: false, errors: { _form: t('organisations.problem.gone') } };
  return { ok: true, slug: form.value.slug };
}

/** An address made from a name: "Město Brno" → "mesto-brno". */
export function slugFrom(name: string): string {
  const slug = sortKey(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `organisation${slug ? `-${slug}` : ''}`;
}

export type ProposeResult = { ok: true; slug: string } | { ok: false; errors: FieldErrors };

/**
 * A person proposes an organisation that is not listed: it is stored as proposed, seen only by
 * them and administrators until an administrator approves it. Every field is checked first; at
 * most `OPEN_PROPOSALS_MAX` of a person's proposals wait at once.
 */
export async function proposeOrganisation(
  db: Kysely<Database>,
  body: unknown,
  t: Translator['t'],
  userId: number,
): Promise<ProposeResult> {
  const form = validateForm<ProposalForm>(ProposalForm, body, t);
  if (!form.ok) return { ok: false, errors: form.errors };
  if ((await countOpenProposals(db, userId)) >= OPEN_PROPOSALS_MAX)
    return { ok: false, errors: { name: t('organisations.problem.tooManyProposals', { limit: OPEN_PROPOSALS_MAX }) } };
  if (await nameListed(db, form.value.name))
    return { ok: false, errors: { name: t('organisations.problem.alreadyListed') } };
  const base = slugFrom(form.value.name);
  return db.transaction().execute(async (trx) => {
    for (let n = 1; n <= 20; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (RESERVED_SLUGS.has(slug) || (await slugTaken(trx, slug))) continue;
      if (!(await insertProposal(trx, { ...form.value, slug }, userId))) continue;
      const proposed = await trx.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
      if (proposed) await markForIndex(trx, 'organisation', [proposed.id]);
      await recordAudit(trx, {
        actorId: userId,
        action: 'organisations.propose',
        subjectType: 'organisation',
        subjectId: slug,
        details: { name: form.value.name, kind: form.value.kind },
      });
      return { ok: true as const, slug };
    }
    return { ok: false as const, errors: { name: t('organisations.problem.slugTaken') } };
  });
}

/** An administrator approves or refuses a proposed organisation, once: false when it was no longer proposed. */
export async function reviewProposal(
  db: Kysely<Database>,
  organisation: OrganisationRecord,
  decision: 'approve' | 'refuse',
  reviewerId: number,
): Promise<boolean> {
  const status = decision === 'approve' ? 'approved' : 'refused';
  return db.transaction().execute(async (trx) => {
    if (!(await reviewOrganisation(trx, organisation.id, status, reviewerId))) return false;
    await markForIndex(trx, 'organisation', [organisation.id]);
    await recordAudit(trx, {
      actorId: reviewerId,
      action: decision === 'approve' ? 'organisations.approve' : 'organisations.refuse',
      subjectType: 'organisation',
      subjectId: organisation.slug,
      details: { name: organisation.name },
    });
    return true;
  });
}
