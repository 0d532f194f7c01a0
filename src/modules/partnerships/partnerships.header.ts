import type { Kysely } from 'kysely';
import { preparedQuery } from '../../core/db/prepared.js';
import type { Database } from '../../core/db/types.js';
import type { HeaderItem } from '../../core/module.js';

type Db = Kysely<Database>;

/** A person's partnerships with their titles in a language (the original where none was translated): compiled once. */
const partnershipsOfPerson = preparedQuery((db: Db, locale: string, userId: number) =>
  db
    .selectFrom('partnership_people as pp')
    .innerJoin('partnerships as p', 'p.id', 'pp.partnership_id')
    .leftJoin('partnership_translations as t', (join) =>
      join.onRef('t.partnership_id', '=', 'p.id').on('t.lang', '=', locale),
    )
    .select(['p.slug', 'p.title', 'p.original_lang', 't.title as translated'])
    .where('pp.user_id', '=', userId)
    .orderBy('p.launched_year')
    .orderBy('p.id'),
);

/** "My partnerships" in a signed-in person's header: a list of theirs (one prepared query); nothing when none. */
export const myPartnershipsInHeader: HeaderItem = {
  order: 20,
  place: 'menu',
  async load(ctx, actor, locale) {
    const rows = await partnershipsOfPerson(ctx.db, locale, actor.id);
    if (rows.length === 0) return null;
    return {
      text: ctx.i18n(locale).t('partnerships.header.mine'),
      links: rows.map((r) => ({
        text: r.translated ?? r.title,
        path: `/partnerships/${r.slug}`,
        lang: r.translated !== null ? locale : r.original_lang,
      })),
    };
  },
};

/** Whether a person moderates in some partnership (moderator or coordinator): asked for every signed-in header. */
const moderatesQuery = preparedQuery((db: Db, userId: number) =>
  db
    .selectFrom('partnership_people')
    .select('partnership_id')
    .where('user_id', '=', userId)
    .where('role', 'in', ['moderator', 'coordinator'])
    .limit(1),
);

export async function moderatesAnywhere(db: Db, userId: number): Promise<boolean> {
  return (await moderatesQuery(db, userId)).length > 0;
}

/** The people who moderate a partnership (its moderators and coordinators), to tell of a reported comment. */
export async function moderatorIds(db: Db, partnershipId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('partnership_people')
    .select('user_id')
    .where('partnership_id', '=', partnershipId)
    .where('role', 'in', ['moderator', 'coordinator'])
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}
