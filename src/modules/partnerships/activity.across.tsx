import type { HomeSection, ModuleContext, ProfileSection } from '../../core/module.js';
import { defineFragment, dim, Shared } from '../../core/shared/index.js';
import type { PageContext } from '../../core/views/page-context.js';
import { findUserByHandle } from '../accounts/index.js';
import { membersKey } from './activity.service.js';
import { audienceOf } from './membership.service.js';
import { partnershipReads } from './partnerships.reads.js';
import { ActivityAcrossList } from './views/ActivityAcross.js';

/**
 * Lines of the activity across partnerships as every reader of a language with the same
 * members-only view sees them (`members`: `membersKey`), for a minute at most (what is out turns
 * with the clock): everyone's (the home page, `/activity`) or one person's (`person`: a profile).
 * `null` when there is no line.
 */
export const activityAcrossList = defineFragment('partnerships', 'activity-across', {
  key: {
    members: dim.text,
    person: dim.optional(dim.id),
    size: dim.oneOf('recent', 'page'),
    before: dim.optional(dim.text),
  },
  clock: 60,
  load: async (ctx, k, lang) => {
    const page = await partnershipReads.across.get(ctx, { ...k, lang });
    return page.items.length > 0 ? page : null;
  },
  render: ({ items }, page) => <ActivityAcrossList page={page} lines={items} />,
});

/** Whose members-only lines the reader sees: read fresh on every request (their memberships now). */
export async function readersMembersKey(ctx: ModuleContext, page: PageContext): Promise<string> {
  return membersKey(await audienceOf(ctx, page.actor));
}

/** The home page's recent activity across every partnership the reader may see (visitors: public lines). */
export const activityHomeSection: HomeSection = {
  order: 20,
  async render(page, ctx) {
    const members = await readersMembersKey(ctx, page);
    const list = await activityAcrossList.get(ctx, page, {
      members,
      person: undefined,
      size: 'recent',
      before: undefined,
    });
    if (!list) return null;
    return (
      <section aria-labelledby="home-activity">
        <h2 id="home-activity">{page.t('partnerships.activity.title')}</h2>
        <Shared html={list.html} />
        {list.props.next ? (
          <p>
            <a href={page.href('/activity')}>{page.t('partnerships.activity.across.all')}</a>
          </p>
        ) : null}
      </section>
    );
  },
};

/**
 * On a person's profile: what they did (lines whose actor they are), as the reader may see it (a
 * visitor: public lines only). The profile's page is shown only while the account exists.
 */
export const activityProfileSection: ProfileSection = {
  order: 20,
  async render(page, ctx, person) {
    const user = await findUserByHandle(ctx.db, person.handle);
    if (!user) return null;
    const members = await readersMembersKey(ctx, page);
    const list = await activityAcrossList.get(ctx, page, {
      members,
      person: user.id,
      size: 'recent',
      before: undefined,
    });
    if (!list) return null;
    return (
      <section aria-labelledby="profile-activity">
        <h2 id="profile-activity">{page.t('partnerships.activity.title')}</h2>
        <Shared html={list.html} />
        {list.props.next ? (
          <p>
            <a href={page.href(`/activity?person=${encodeURIComponent(user.handle)}`)}>
              {page.t('partnerships.activity.across.personAll', { name: user.displayName })}
            </a>
          </p>
        ) : null}
      </section>
    );
  },
};
