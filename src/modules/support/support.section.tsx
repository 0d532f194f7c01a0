import { isSignedIn } from '../../core/auth/actor.js';
import type { Actor } from '../../core/auth/actor.js';
import type { CommentTarget, ContentSection, ModuleContext } from '../../core/module.js';
import { InLanguage } from '../../core/views/components.js';
import { actionFactsOf, mayUpdateAction } from '../actions/index.js';
import { standingIn } from '../partnerships/index.js';
import { viewerOf } from './support.lookup.js';
import { mayAsk, maySeeRequest, mayUseSupport } from './support.policy.js';
import { requestPath } from './support.present.js';
import { findRequest, requestsOfAction } from './support.queries.js';

/**
 * Under an action's page: "Ask peers for support" for whoever may update the action (actions' own
 * rule, read fresh) and is confirmed at an organisation, and the requests made for it that the
 * reader sees. The action's page has decided that the reader sees the action.
 */
export const askSection: ContentSection = {
  order: 60,
  async render(page, ctx, subject) {
    if (subject.type !== 'action' || !isSignedIn(page.actor)) return null;
    const viewer = await viewerOf(ctx, page.actor);
    if (!mayUseSupport(viewer)) return null;
    const [facts] = await actionFactsOf(ctx.db, [subject.id]);
    if (!facts) return null;
    const standing = await standingIn(ctx, facts.partnershipId, page.actor);
    const leads = facts.organisations.filter((o) => o.role === 'lead').map((o) => o.id);
    const mayAskHere = mayAsk(viewer) && mayUpdateAction(standing, { ...facts, leads }, viewer.organisations);
    const requests = await requestsOfAction(ctx.db, viewer, subject.id);
    if (!mayAskHere && requests.length === 0) return null;
    const { t } = page;
    return (
      <section aria-labelledby="support-ask">
        <h2 id="support-ask">{t('support.action.heading')}</h2>
        {requests.length > 0 ? (
          <ul>
            {requests.map((r) => (
              <li>
                <InLanguage page={page} lang={r.lang}>
                  <a href={page.href(requestPath(r.id))}>{r.title}</a>
                </InLanguage>{' '}
                ({t(`support.state.${r.state}`)})
              </li>
            ))}
          </ul>
        ) : null}
        {mayAskHere ? (
          <p>
            <a class="button button--secondary" href={page.href(`/support/requests/new?action=${subject.id}`)}>
              {t('support.action.ask')}
            </a>
          </p>
        ) : null}
      </section>
    );
  },
};

/**
 * A request as the comments module sees it (`commentables['support-request']`), read fresh: its
 * conversation is for those who see it (`maySeeRequest`); administrators moderate. The person who
 * asked is told of new comments.
 */
export async function requestAsCommentTarget(
  ctx: ModuleContext,
  id: number,
  actor: Actor,
): Promise<CommentTarget | null> {
  const found = await findRequest(ctx.db, id);
  if (!found) return null;
  const viewer = await viewerOf(ctx, actor);
  const facts = { ...found, contacted: found.contacts.map((c) => c.organisationId) };
  if (!maySeeRequest(viewer, facts)) return null;
  return {
    title: found.title,
    path: requestPath(found.id),
    lang: found.lang,
    partnershipId: null,
    authorId: found.createdBy,
    membersOnly: true,
    mayComment: viewer.userId !== null,
    mayModerate: viewer.admin,
  };
}
