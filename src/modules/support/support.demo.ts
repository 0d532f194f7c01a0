import { nowIso } from '../../core/db/dialect.js';
import type { ModuleContext } from '../../core/module.js';
import { changeAction } from '../actions/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { createOffer, createRequest } from './support.service.js';

/** A demo person's id by handle (the people module seeds them first); null when not there. */
async function personId(ctx: ModuleContext, handle: string): Promise<number | null> {
  const row = await ctx.db.selectFrom('users').select('id').where('handle', '=', handle).executeTakeFirst();
  return row?.id ?? null;
}

// What the demo's Sofia asks of its 5G guidelines (action 14 of the Digital Transition plan). Invented.
const SOFIA_NEEDS =
  'A city that has already granted permits for 5G small cells on street furniture, to share its permit ' +
  'template, its fee rules and what it would do differently.';

/**
 * Matchmaking's demo: Sofia asks peers for help with its 5G guidelines (from the action's "support
 * needed"), Helsingborg asks for help with neighbourhood help desks and has contacted Oulu; Oulu,
 * Eindhoven and a person in Lisbon offer expertise. The people are the demo's invented ones.
 */
export async function seedSupport(ctx: ModuleContext): Promise<void> {
  const [sofia, helsingborg, oulu, eindhoven] = await Promise.all(
    ['sofia', 'helsingborg', 'oulu', 'eindhoven'].map((slug) => organisationIdBySlug(ctx.db, slug)),
  );
  const [elena, elin, jussi, sanne, ines] = await Promise.all(
    ['elena-dimitrova', 'elin-lindgren', 'jussi-pelkonen', 'sanne-de-wit', 'ines-carvalho'].map((h) =>
      personId(ctx, h),
    ),
  );
  if (!sofia || !helsingborg || !oulu || !eindhoven || !elena || !elin || !jussi || !sanne || !ines) return;

  const dtp = await partnershipIdOf(ctx.db, 'digital-transition');
  const action = dtp
    ? await ctx.db
        .selectFrom('actions')
        .select(['id', 'updated_at as updatedAt'])
        .where('partnership_id', '=', dtp)
        .where('number', '=', 14)
        .executeTakeFirst()
    : undefined;
  if (action)
    await changeAction(
      ctx.db,
      action.id,
      { supportNeeded: SOFIA_NEEDS },
      // Dated when the action last changed: saying what it needs is no progress (its dashboard still
      // counts it as not updated lately).
      { userId: elena, at: action.updatedAt, explanation: 'What we need from peers.', audit: false },
    );

  await createOffer(
    ctx,
    {
      organisation: oulu,
      title: 'Running a 5G test network with local companies',
      description:
        'Oulu has run a city 5G test network open to local start-ups. We can share how sites were chosen, ' +
        'the agreements with operators and what the city learned about permits.',
      tags: ['5G'],
    },
    jussi,
    'en',
  );
  await createOffer(
    ctx,
    {
      organisation: eindhoven,
      title: 'A second look at your open data portal',
      description: 'Two of our data stewards review a city’s open data portal and its licences, in a morning online.',
      tags: ['Open data'],
    },
    sanne,
    'en',
  );
  await createOffer(
    ctx,
    {
      organisation: null,
      title: 'Coaching on designing e-services with residents',
      description: 'I coach teams that redesign a municipal e-service with the residents who use it.',
      tags: ['e-government'],
    },
    ines,
    'en',
  );

  await createRequest(
    ctx,
    {
      organisation: sofia,
      title: 'Permits for 5G small cells',
      needed: SOFIA_NEEDS,
      tags: ['5G'],
      action: action?.id ?? null,
    },
    elena,
    'en',
  );
  const helpDesks = await createRequest(
    ctx,
    {
      organisation: helsingborg,
      title: 'Volunteers for neighbourhood digital help desks',
      needed:
        'We want residents to help their neighbours with e-services at the library. How did others find, ' +
        'train and keep volunteers?',
      tags: ['Digital skills', 'Neighbourhoods'],
      action: null,
    },
    elin,
    'en',
  );
  // Contacted already: recorded without telling Oulu again (the demo queues no mail).
  await ctx.db
    .insertInto('support_contacts')
    .values({ request_id: helpDesks, organisation_id: oulu, contacted_by: elin, contacted_at: nowIso() })
    .execute();
}
