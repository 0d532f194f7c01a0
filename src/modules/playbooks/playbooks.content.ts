import type { Expression } from 'kysely';
import type { ContentType } from '../../core/module.js';
import { maySee } from './playbooks.policy.js';
import { findPlaybooksByIds, playbookPath } from './playbooks.queries.js';
import { visiblePlaybooks } from './playbooks.visibility.js';

/**
 * Playbooks as other modules see them (`contentTypes.playbook`): tag pages, the activity stream,
 * notifications, search and the audit log name a playbook, in the reader's language where it was
 * translated, only where `maySee` lets the reader see it, and list only what `visiblePlaybooks` selects.
 */
export const playbookContentType: ContentType = {
  async describe(ctx, ids, audience, locale) {
    if (ids.length === 0) return new Map();
    const found = (await findPlaybooksByIds(ctx.db, [...new Set(ids)], locale)).filter((p) => maySee(audience, p));
    return new Map(
      found.map((p) => [
        p.id,
        { title: p.shown.title, path: playbookPath(p.slug), lang: p.shown.lang, summary: p.shown.target },
      ]),
    );
  },
  visibleIds: (db, audience) =>
    db
      .selectFrom('playbooks')
      .select('playbooks.id')
      .where(visiblePlaybooks(audience)) as unknown as Expression<number>,
};
