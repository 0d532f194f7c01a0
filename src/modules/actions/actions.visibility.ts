import type { ContentType } from '../../core/module.js';
import { plainText } from '../news/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { maySee } from './actions.policy.js';
import { actionPath } from './actions.present.js';
import * as q from './actions.queries.js';

/**
 * Actions as other modules see them (`contentTypes.action`): a meeting's decisions (whose
 * `action_ref` is an action's id, chosen among its partnership's: `inPartnership`), the activity
 * stream, tag pages, notifications and search name an action only where `maySee` lets the reader
 * see it, and list only what `visibleActions` selects.
 */
export const actionContentType: ContentType = {
  async describe(ctx, ids, audience) {
    if (ids.length === 0) return new Map();
    const actions = (await q.findActionsByIds(ctx.db, [...new Set(ids)])).filter((a) => maySee(audience, a));
    const slugs = await partnershipSlugsByIds(
      ctx.db,
      actions.map((a) => a.partnershipId),
    );
    return new Map(
      actions.map((a) => [
        a.id,
        {
          title: a.title,
          path: actionPath(slugs.get(a.partnershipId) ?? '', a.number),
          lang: a.originalLang,
          summary: plainText(a.description, 200),
        },
      ]),
    );
  },
  visibleIds: (db, audience) => q.visibleActionIds(db, audience),
  inPartnership: (db, partnershipId, audience) =>
    db
      .selectFrom('actions')
      .select(['id', 'number', 'title'])
      .where('partnership_id', '=', partnershipId)
      .where(q.visibleActions(audience))
      .orderBy('number')
      .execute(),
};
