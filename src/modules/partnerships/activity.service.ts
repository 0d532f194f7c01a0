import { contentTypesOf, type ContentRef, type ModuleContext } from '../../core/module.js';
import { recentActivity } from './activity.queries.js';

/** Lines of the activity stream on a partnership's page. */
const SHOWN = 10;

export interface ActivityLine {
  at: string;
  kind: string;
  subject: string;
  path: string | null;
}

/**
 * A partnership's latest activity as its members (`members`) or everyone else see it at `now`,
 * in a language: lines about content are named by the content's module, and only while they may
 * see it (a post once it is out; a members-only one for members; a deleted one not at all).
 * Content that is not out yet is in nobody's stream, not even its author's.
 */
export async function activityStream(
  ctx: ModuleContext,
  partnershipId: number,
  members: boolean,
  locale: string,
  now: Date,
): Promise<ActivityLine[]> {
  const audience = { membersOf: members ? [partnershipId] : [], editorOf: [], userId: null };
  const types = contentTypesOf(ctx.modules);
  const rows = await recentActivity(ctx.db, partnershipId, audience, types, SHOWN, now);
  const wanted = new Map<string, number[]>();
  for (const row of rows)
    if (row.about) wanted.set(row.about.type, [...(wanted.get(row.about.type) ?? []), row.about.id]);
  const named = new Map<string, Map<number, ContentRef>>();
  for (const [type, ids] of wanted)
    named.set(type, (await types.get(type)?.describe(ctx, ids, audience, locale, now)) ?? new Map());
  return rows.flatMap((row) => {
    if (!row.about) return [{ at: row.at, kind: row.kind, subject: row.subject, path: row.path }];
    const content = named.get(row.about.type)?.get(row.about.id);
    return content ? [{ at: row.at, kind: row.kind, subject: content.title, path: content.path }] : [];
  });
}
