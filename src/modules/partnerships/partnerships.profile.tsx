import type { ProfileSection } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { partnershipsOf } from './membership.queries.js';
import { findPartnership } from './partnerships.queries.js';

/** On a person's profile: the partnerships they belong to, with their role. */
export const partnershipsProfileSection: ProfileSection = {
  order: 10,
  async render(page, ctx, person) {
    const user = await findUserByHandle(ctx.db, person.handle);
    if (!user) return null;
    const memberships = await partnershipsOf(ctx.db, user.id);
    if (memberships.length === 0) return null;
    const partnerships = await Promise.all(
      memberships.map(async (m) => ({ role: m.role, partnership: await findPartnership(ctx.db, page.locale, m.slug) })),
    );
    const { t } = page;
    return (
      <section aria-labelledby="profile-partnerships">
        <h2 id="profile-partnerships">{t('partnerships.profile.title')}</h2>
        <ul>
          {partnerships.map(({ role, partnership }) =>
            partnership ? (
              <li>
                <a
                  href={page.href(`/partnerships/${partnership.slug}`)}
                  lang={partnership.lang !== page.locale ? partnership.lang : undefined}
                >
                  {partnership.title}
                </a>{' '}
                <span class="meta">{t(`partnerships.role.${role}`)}</span>
              </li>
            ) : null,
          )}
        </ul>
      </section>
    );
  },
};
