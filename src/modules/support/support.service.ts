import type { Actor } from '../../core/auth/actor.js';
import { nowIso } from '../../core/db/dialect.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { toId } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { maySeeAction } from '../actions/index.js';
import { confirmedPeople, findOrganisationsByIds } from '../organisations/index.js';
import { notify } from '../notifications/index.js';
import { audienceOf } from '../partnerships/index.js';
import { ensureTags, setTaggings } from '../tags/index.js';
import type { SupportViewer } from './support.policy.js';
import type { RequestRecord } from './support.queries.js';
import { ContactForm, LIMITS, OfferForm, OfferWrite, RequestForm, RequestWrite, StateForm } from './support.schema.js';
import type { RequestState } from './support.tables.js';

type T = Translator['t'];
type Checked<V> = { ok: true; value: V } | { ok: false; errors: FieldErrors };

/** Tags as a form types them ("open data, procurement") or as the API sends them; a message when there are too many. */
function tagLabels(raw: unknown, t: T): { ok: true; labels: string[] } | { ok: false; error: string } {
  const labels = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [])
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (labels.length > LIMITS.tagsMax)
    return { ok: false, error: t('support.field.tooManyTags', { limit: LIMITS.tagsMax }) };
  if (labels.some((l) => l.length > LIMITS.tag))
    return { ok: false, error: t('core.field.tooLong', { limit: LIMITS.tag }) };
  return { ok: true, labels };
}

/**
 * An action a request may be tied to, read fresh: one the actor may see (its one rule), with what
 * its page says it needs; null for one that is not there or not theirs to see.
 */

/**
 * Tags a request or an offer: its topics count for matching and filters, but no tag page lists it
 * (neither is public content), so its taggings are kept unpublished and not public.
 */
async function tagPrivately(
  db: ModuleContext['db'],
  type: 'support-request' | 'support-offer',
  id: number,
  tags: string[],
  lang: string,
) {
  await setTaggings(db, {
    type,
    id,
    tagIds: await ensureTags(db, tags, lang),
    publishedAt: null,
    isPublic: false,
    partnershipId: null,
  });
}

export async function actionForRequest(ctx: ModuleContext, actor: Actor, id: number) {
  const row = await ctx.db
    .selectFrom('actions')
    .select([
      'id',
      'partnership_id as partnershipId',
      'members_only as membersOnly',
      'title',
      'original_lang as lang',
      'support_needed as supportNeeded',
    ])
    .where('id', '=', id)
    .where('status', '!=', 'merged')
    .executeTakeFirst();
  if (!row) return null;
  const facts = { partnershipId: row.partnershipId, membersOnly: Boolean(row.membersOnly) };
  return maySeeAction(await audienceOf(ctx, actor), facts) ? { ...row, ...facts } : null;
}

export interface RequestValues {
  organisation: number;
  title: string;
  needed: string;
  tags: string[];
  action: number | null;
}

/** Checks a new request (a form's or the API's), naming every problem at its field. */
export async function checkRequest(
  ctx: ModuleContext,
  body: unknown,
  actor: Actor,
  viewer: SupportViewer,
  t: T,
  from: 'form' | 'api',
): Promise<Checked<RequestValues>> {
  const checked = validateForm<{
    organisation: number;
    title: string;
    needed: string;
    tags?: unknown;
    action?: number;
  }>(from === 'form' ? RequestForm : RequestWrite, body, t);
  const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
  const value = checked.ok ? checked.value : null;
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const tags = tagLabels(source.tags, t);
  if (!tags.ok) errors.tags ??= tags.error;
  // Whose and which action: asked even when other fields are wrong, so that every problem is said at once.
  const organisation = toId(source.organisation);
  if (organisation !== null && !viewer.organisations.includes(organisation))
    errors.organisation = t('support.field.notYours');
  const action = toId(source.action);
  if (action !== null && !(await actionForRequest(ctx, actor, action)))
    errors.action = t('support.field.actionUnknown');
  if (!value || Object.keys(errors).length > 0 || !tags.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      organisation: value.organisation,
      title: value.title,
      needed: value.needed,
      tags: tags.labels,
      action: value.action ?? null,
    },
  };
}

/** Saves a new request with its tags, in one transaction; its id. */
export async function createRequest(
  ctx: ModuleContext,
  v: RequestValues,
  userId: number,
  lang: string,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const { id } = await trx
      .insertInto('support_requests')
      .values({
        organisation_id: v.organisation,
        title: v.title,
        needed: v.needed,
        action_id: v.action,
        state: 'open',
        matched_organisation_id: null,
        created_by: userId,
        lang,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tagPrivately(trx, 'support-request', id, v.tags, lang);
    return id;
  });
}

/** Checks a peer to contact: an approved organisation other than the requester. */
export async function checkContact(
  ctx: ModuleContext,
  body: unknown,
  request: RequestRecord,
  t: T,
): Promise<Checked<number>> {
  // The API's body is checked by the form's rules too (its schema only adds `_csrf`).
  const checked = validateForm<{ organisation: number }>(ContactForm, body, t);
  if (!checked.ok) return checked;
  const peer = checked.value.organisation;
  if (peer === request.organisationId || !(await findOrganisationsByIds(ctx.db, [peer])).has(peer))
    return { ok: false, errors: { organisation: t('support.field.peerUnknown') } };
  return { ok: true, value: peer };
}

/**
 * Contacts a peer about a request, once: the contact is recorded and every confirmed member of the
 * peer organisation is told in the app and by e-mail (queued in the same transaction, so no mail
 * goes for a contact that was not kept). A second contact of the same peer changes nothing.
 */
export async function contactPeer(
  ctx: ModuleContext,
  request: RequestRecord,
  peer: number,
  userId: number,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const added = await trx
      .insertInto('support_contacts')
      .values({ request_id: request.id, organisation_id: peer, contacted_by: userId, contacted_at: at })
      .onConflict((oc) => oc.columns(['request_id', 'organisation_id']).doNothing())
      .returning('request_id')
      .executeTakeFirst();
    if (!added) return false;
    await trx.updateTable('support_requests').set({ updated_at: at }).where('id', '=', request.id).execute();
    for (const person of await confirmedPeople(trx, peer))
      await notify({ db: trx }, person, {
        kind: 'support.notification.contacted',
        subject: request.title,
        path: `/support/requests/${request.id}`,
        mail: true,
      });
    return true;
  });
}

/** Checks a change of state: `matched` names a peer the request contacted. */
export function checkState(
  body: unknown,
  request: RequestRecord,
  t: T,
): Checked<{ state: RequestState; matched: number | null }> {
  const checked = validateForm<{ state: RequestState; organisation?: number }>(StateForm, body, t);
  if (!checked.ok) return checked;
  const { state, organisation } = checked.value;
  if (state !== 'matched') return { ok: true, value: { state, matched: null } };
  if (organisation === undefined) return { ok: false, errors: { organisation: t('support.field.matchedRequired') } };
  if (!request.contacts.some((c) => c.organisationId === organisation))
    return { ok: false, errors: { organisation: t('support.field.notContacted') } };
  return { ok: true, value: { state, matched: organisation } };
}

/**
 * Changes a request's state, only from the state that was read (a request changed meanwhile is not
 * overwritten); whether it changed.
 */
export async function changeState(
  ctx: ModuleContext,
  request: RequestRecord,
  change: { state: RequestState; matched: number | null },
): Promise<boolean> {
  const done = await ctx.db
    .updateTable('support_requests')
    .set({ state: change.state, matched_organisation_id: change.matched, updated_at: nowIso() })
    .where('id', '=', request.id)
    .where('state', '=', request.state)
    .where('updated_at', '=', request.updatedAt)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export interface OfferValues {
  organisation: number | null;
  title: string;
  description: string;
  tags: string[];
}

/** Checks a new offer: as oneself, or for an organisation one's affiliation with is confirmed. */
export function checkOffer(body: unknown, viewer: SupportViewer, t: T, from: 'form' | 'api'): Checked<OfferValues> {
  const checked = validateForm<{ organisation?: number; title: string; description: string }>(
    from === 'form' ? OfferForm : OfferWrite,
    body,
    t,
  );
  const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const tags = tagLabels(source.tags, t);
  if (!tags.ok) errors.tags ??= tags.error;
  const org = toId(source.organisation) ?? undefined;
  if (org !== undefined && !viewer.organisations.includes(org)) errors.organisation = t('support.field.notYours');
  if (!checked.ok || Object.keys(errors).length > 0 || !tags.ok) return { ok: false, errors };
  const { title, description } = checked.value;
  return { ok: true, value: { organisation: org ?? null, title, description, tags: tags.labels } };
}

export async function createOffer(ctx: ModuleContext, v: OfferValues, userId: number, lang: string): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const { id } = await trx
      .insertInto('support_offers')
      .values({
        organisation_id: v.organisation,
        user_id: userId,
        title: v.title,
        description: v.description,
        lang,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tagPrivately(trx, 'support-offer', id, v.tags, lang);
    return id;
  });
}
