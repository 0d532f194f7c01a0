import { contentTypesOf, describeContent, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { deliverablesOf } from '../actions/index.js';
import type { SourceType } from './lessons.tables.js';

/**
 * What a lesson came from: actions and meetings of its partnership, and deliverables of those
 * actions. Lessons keep only a type and an id; whether a reader may see one, and what it is
 * called, is always the owning module's answer (`contentTypes.action`, `contentTypes.meeting`:
 * their one visibility rule). A deliverable is seen by whoever sees its action.
 */

export interface SourceRef {
  type: SourceType;
  id: number;
}

export interface ShownSource extends SourceRef {
  title: string;
  /** Its page, after `/{lang}`. */
  path: string;
  lang: string;
}

export interface SourceChoices {
  action: { value: string; label: string }[];
  deliverable: { value: string; label: string }[];
  meeting: { value: string; label: string }[];
}

/** A partnership's actions, deliverables and meetings that the audience sees: what a writer may name. */
export async function sourceChoices(
  ctx: ModuleContext,
  partnershipId: number,
  audience: ContentAudience,
  locale: string,
): Promise<SourceChoices> {
  const types = contentTypesOf(ctx.modules);
  const actions = (await types.get('action')?.inPartnership?.(ctx.db, partnershipId, audience)) ?? [];
  const meetingRows = await ctx.db
    .selectFrom('meetings')
    .select(['id', 'number'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('number')
    .execute();
  const named = await describeContent(
    ctx,
    meetingRows.map((m) => ({ type: 'meeting', id: m.id })),
    audience,
    locale,
    new Date(),
  );
  const seen = new Set(actions.map((a) => a.id));
  const deliverables = (await deliverablesOf(ctx.db, { partnershipId })).filter((d) => seen.has(d.actionId));
  return {
    action: actions.map((a) => ({ value: String(a.id), label: `${a.number}. ${a.title}` })),
    deliverable: deliverables.map((d) => ({ value: String(d.id), label: `${d.actionNumber}. ${d.title}` })),
    meeting: meetingRows.flatMap((m) => {
      const ref = named('meeting', m.id);
      return ref ? [{ value: String(m.id), label: ref.title }] : [];
    }),
  };
}

/**
 * These sources as the audience may see them, in the order given: those it may not see (or that
 * are gone) are left out. One query per kind.
 */
export async function shownSources(
  ctx: ModuleContext,
  sources: readonly SourceRef[],
  audience: ContentAudience,
  locale: string,
): Promise<ShownSource[]> {
  const deliverables = await deliverablesOf(ctx.db, {
    ids: sources.filter((s) => s.type === 'deliverable').map((s) => s.id),
  });
  const deliverable = new Map(deliverables.map((d) => [d.id, d]));
  const refs = [
    ...sources.filter((s) => s.type !== 'deliverable'),
    ...deliverables.map((d) => ({ type: 'action', id: d.actionId })),
  ];
  const named = await describeContent(ctx, refs, audience, locale, new Date());
  return sources.flatMap((s): ShownSource[] => {
    if (s.type === 'deliverable') {
      const d = deliverable.get(s.id);
      const action = d && named('action', d.actionId);
      return d && action ? [{ ...s, title: d.title, path: action.path, lang: action.lang }] : [];
    }
    const ref = named(s.type, s.id);
    return ref ? [{ ...s, title: ref.title, path: ref.path, lang: ref.lang }] : [];
  });
}

/** The sources that are not among the partnership's that the writer may name (to refuse them). */
export async function unknownSources(
  ctx: ModuleContext,
  partnershipId: number,
  sources: readonly SourceRef[],
  audience: ContentAudience,
  locale: string,
): Promise<SourceRef[]> {
  if (sources.length === 0) return [];
  const choices = await sourceChoices(ctx, partnershipId, audience, locale);
  return sources.filter((s) => !choices[s.type].some((c) => c.value === String(s.id)));
}
