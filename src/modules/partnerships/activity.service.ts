import { contentTypesOf, describeContent, type ModuleContext } from '../../core/module.js';
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
  const named = await describeContent(
    ctx,
    rows.flatMap((row) => (row.about ? [row.about] : [])),
    audience,
    locale,
    now,
  );
  return rows.flatMap((row) => {
    if (!row.about) return [{ at: row.at, kind: row.kind, subject: row.subject, path: row.path }];
    const content = named(row.about.type, row.about.id);
    return content ? [{ at: row.at, kind: row.kind, subject: content.title, path: content.path }] : [];
  });
}
