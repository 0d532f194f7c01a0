import { VISITORS, type ContentAudience } from '../../core/module.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import { dashboardOf } from './actions.dashboard.js';
import { audienceOfFlag } from './actions.present.js';

/**
 * The dashboards as many readers share them, kept until the next write and, since "late", "due
 * soon" and "not updated for 90 days" turn with the clock, for an hour at most (`clock`): a
 * visitor's page that shows one is kept in the page cache no longer.
 */
const HOUR = 3600;

/**
 * Who sees what on the platform's dashboard, as a key: `public` (visitors, and anyone who is
 * no member of a partnership), `all` (administrators), or the ids of the partnerships whose
 * members-only actions the reader sees, in order (`3.7`).
 */
export function audienceKey(a: ContentAudience): string {
  if (a.membersOf === 'all' || a.editorOf === 'all') return 'all';
  const ids = [...new Set([...a.membersOf, ...a.editorOf])].sort((x, y) => x - y);
  return ids.length === 0 ? 'public' : ids.join('.');
}

/** The audience a key stands for (see `audienceKey`); anything else is refused. */
export function audienceOfKey(key: string): ContentAudience {
  if (key === 'public') return VISITORS;
  if (key === 'all') return { membersOf: 'all', editorOf: 'all', userId: null };
  if (!/^\d+(\.\d+)*$/.test(key)) throw new TypeError(`not an audience key: ${key}`);
  return { membersOf: key.split('.').map(Number), editorOf: [], userId: null };
}

export const dashboardReads = defineReads('actions', {
  /** A partnership's dashboard, for its members (and administrators) or for everyone else. */
  dashboard: read({
    key: { lang: dim.language, partnership: dim.id, membersOnly: dim.flag },
    clock: HOUR,
    load: (ctx, k, time) =>
      dashboardOf(
        ctx,
        { partnershipId: k.partnership },
        audienceOfFlag(k.partnership, k.membersOnly),
        k.lang,
        time.now,
      ),
  }),
  /** The platform's dashboard, across every partnership, for an audience (`audienceKey`). */
  platform: read({
    key: { lang: dim.language, audience: dim.text },
    clock: HOUR,
    load: (ctx, k, time) => dashboardOf(ctx, 'platform', audienceOfKey(k.audience), k.lang, time.now),
  }),
});
