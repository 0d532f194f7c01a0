import type { ContentSection, PartnershipSection } from '../../core/module.js';
import { maySeeAction } from '../actions/index.js';
import { audienceOf } from '../partnerships/index.js';
import { audienceKey, matchReads } from './funding.match.reads.js';
import { FitsSection, ItemFitsBody } from './views/MatchPages.js';

/**
 * "Funding that fits" under an action's and an organisation's page, and "what it fits" under an item's page (when the
 * item's page renders the content sections). The action's page has decided that the reader sees
 * it; a members-only action is asked again here, fresh (deny by default).
 */
export const matchSection: ContentSection = {
  order: 50,
  async render(page, ctx, subject) {
    if (subject.type === 'action') {
      const list = await matchReads.matchAction.get(ctx, { action: subject.id, lang: page.locale });
      if (!list?.action) return null;
      if (list.action.membersOnly && !maySeeAction(await audienceOf(ctx, page.actor), list.action)) return null;
      return <FitsSection page={page} list={list} path={list.action.path} />;
    }
    if (subject.type === 'organisation') {
      // The organisations' page renders its sections for approved organisations only: everyone's.
      const list = await matchReads.matchOrganisation.get(ctx, { organisation: subject.id, lang: page.locale });
      if (!list?.organisation) return null;
      return <FitsSection page={page} list={list} path={list.organisation.path} />;
    }
    if (subject.type === 'opportunity') {
      const audience = audienceKey(await audienceOf(ctx, page.actor));
      const fits = await matchReads.matchItem.get(ctx, { item: subject.id, audience, lang: page.locale });
      if (!fits) return null;
      return (
        <section class="match-section" aria-labelledby="funding-fits">
          <h2 id="funding-fits">{page.t('funding.match.item.heading')}</h2>
          <ItemFitsBody page={page} view={fits} level={3} />
        </section>
      );
    }
    return null;
  },
};

/** The Funding tab of every partnership's hub: what fits its action plan (`/funding`). */
export const fundingHubSection: PartnershipSection = {
  order: 27, // Overview 0, News 10, Meetings 20, Actions 25, Members 40, Pages 50
  label: 'funding.match.hub.tab',
  path: '/funding',
};
