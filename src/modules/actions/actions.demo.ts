import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { partnershipIdOf, recordActivity } from '../partnerships/index.js';
import {
  changeAction,
  createAction,
  type ActionChange,
  type ChallengeInput,
  type DeliverableInput,
  type OrganisationInput,
} from './actions.service.js';

type Db = Kysely<Database>;

// The Digital Transition Partnership's action plan: its six themes (FACTS.md) and 15 actions of the final
// plan (30 August 2018). Actions 2, 3 and 4 are as FACTS.md knows them (their details are invented);
// the others are invented and say so. Actions 11 and 12 were merged in October 2018 (12 into 11).
const THEMES = [
  'Digital skills for everybody',
  'Citizen-centric e-government',
  'Fair access to open, public and personal data',
  'Emerging technologies',
  'Business-model thinking',
  'Key enabling technologies, starting with 5G',
];

const INVENTED = '\n\n*Demo content: this action is invented for the demo and is not part of the real action plan.*';
const DETAILS_INVENTED =
  '\n\n*Demo content: the details of this action (dates, deliverables, challenges) are invented.*';

interface DemoAction {
  number: number;
  theme: number;
  title: string;
  description: string;
  leads: string[];
  contributors?: string[];
  tags?: string[];
  startsOn: string;
  endsOn: string;
  mode?: 'manual' | 'deliverables';
  activities?: {
    title: string;
    status: 'planned' | 'in_progress' | 'completed' | 'delayed';
    startsOn?: string;
    endsOn?: string;
  }[];
  deliverables?: DeliverableInput[];
}

const ACTIONS: DemoAction[] = [
  {
    number: 1,
    theme: 1,
    title: 'A digital skills roadmap for city residents',
    description:
      'A common method for cities to map the digital skills of their residents ' +
      'and plan courses where they are missing.' +
      INVENTED,
    leads: ['hamburg'],
    contributors: ['lisbon', 'eurocities'],
    tags: ['Digital skills'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
  },
  {
    number: 2,
    theme: 1,
    title: 'Digital Neighbourhood Instrument',
    description:
      'A self-assessment and planning instrument for neighbourhoods: where residents, local businesses and the city ' +
      'take stock of their digital readiness together and agree on next steps, tried in pilots in Helsingborg, ' +
      'Sofia and Oulu.' +
      DETAILS_INVENTED,
    leads: ['helsingborg'],
    contributors: ['sofia', 'oulu', 'dg-regio'],
    tags: ['Digital skills', 'Neighbourhoods'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
    mode: 'deliverables',
    activities: [
      {
        title: 'Draft the instrument’s questionnaire and guidance',
        status: 'completed',
        startsOn: '2018-09-01',
        endsOn: '2018-12-15',
      },
      {
        title: 'Pilots in Helsingborg, Sofia and Oulu',
        status: 'in_progress',
        startsOn: '2019-01-15',
        endsOn: '2019-09-30',
      },
      {
        title: 'Evaluate the pilots and publish the instrument',
        status: 'planned',
        startsOn: '2019-10-01',
        endsOn: '2019-12-31',
      },
    ],
    deliverables: [
      {
        title: 'Questionnaire and guidance, first version',
        type: 'tool',
        dueOn: '2018-12-15',
        status: 'planned',
        weight: 2,
      },
      { title: 'Pilot report: Helsingborg', type: 'pilot', dueOn: '2019-06-30', status: 'planned', weight: 1 },
      { title: 'Pilot report: Sofia', type: 'pilot', dueOn: '2019-06-30', status: 'planned', weight: 1 },
      { title: 'Pilot report: Oulu', type: 'pilot', dueOn: '2019-06-30', status: 'planned', weight: 1 },
      {
        title: 'The instrument, published for every city',
        type: 'tool',
        dueOn: '2019-12-31',
        status: 'planned',
        weight: 3,
      },
    ],
  },
  {
    number: 3,
    theme: 1,
    title: 'A guide on digitalisation for civil servants',
    description:
      'A practical guide for civil servants of cities and regions on leading digital change in their administration: ' +
      'skills, procurement, working with data and with residents.' +
      DETAILS_INVENTED,
    leads: ['estonia'],
    contributors: ['association-of-municipalities-of-slovenia', 'cemr'],
    tags: ['Digital skills', 'e-government'],
    startsOn: '2018-09-01',
    endsOn: '2019-10-31',
    deliverables: [
      { title: 'Outline of the guide', type: 'guide', dueOn: '2018-11-30', status: 'planned' },
      { title: 'The guide, in English', type: 'guide', dueOn: '2019-09-30', status: 'planned' },
    ],
  },
  {
    number: 4,
    theme: 2,
    title: 'Helping cities develop a user-centric e-government model',
    description:
      'A model of e-government built around the needs of the people who use it, with the steps a city takes to get ' +
      'there and examples from cities that did.' +
      DETAILS_INVENTED,
    leads: ['oulu', 'estonia'],
    contributors: ['lyon', 'rome', 'dg-cnect'],
    tags: ['e-government'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
    activities: [
      {
        title: 'Collect user journeys from member cities',
        status: 'completed',
        startsOn: '2018-09-15',
        endsOn: '2019-01-31',
      },
      {
        title: 'Write the model and test it with two cities',
        status: 'in_progress',
        startsOn: '2019-02-01',
        endsOn: '2019-10-31',
      },
    ],
    deliverables: [
      { title: 'Catalogue of user journeys', type: 'report', dueOn: '2019-01-31', status: 'planned' },
      { title: 'The user-centric e-government model', type: 'guide', dueOn: '2019-12-31', status: 'planned' },
    ],
  },
  {
    number: 5,
    theme: 2,
    title: 'Once-only pilots for city services',
    description:
      'Pilots in which residents give the city a piece of information once and every service reuses it.' + INVENTED,
    leads: ['lisbon'],
    contributors: ['spain'],
    tags: ['e-government'],
    startsOn: '2018-10-01',
    endsOn: '2019-12-31',
  },
  {
    number: 6,
    theme: 3,
    title: 'A toolkit for city data-sharing agreements',
    description:
      'Model clauses and a checklist for agreements under which companies share data with cities.' + INVENTED,
    leads: ['lyon'],
    contributors: ['eindhoven', 'commission-data-unit'],
    tags: ['Open data'],
    startsOn: '2018-09-01',
    endsOn: '2019-09-30',
  },
  {
    number: 7,
    theme: 3,
    title: 'Personal data stores for residents',
    description: 'Residents keep their own data and choose which city services may use it.' + INVENTED,
    leads: ['eindhoven'],
    contributors: ['hamburg'],
    startsOn: '2018-11-01',
    endsOn: '2020-06-30',
  },
  {
    number: 8,
    theme: 3,
    title: 'A quality label for open city data',
    description: 'A label that says how complete, current and documented a city’s open data sets are.' + INVENTED,
    leads: ['rome'],
    contributors: ['commission-data-unit'],
    tags: ['Open data'],
    startsOn: '2018-09-01',
    endsOn: '2019-06-30',
  },
  {
    number: 9,
    theme: 4,
    title: 'A readiness check for emerging technologies',
    description: 'Questions a city answers before it tries an emerging technology in its services.' + INVENTED,
    leads: ['sofia'],
    contributors: ['hungary'],
    startsOn: '2018-10-01',
    endsOn: '2019-06-30',
  },
  {
    number: 10,
    theme: 4,
    title: 'An ethics charter for algorithms in city services',
    description: 'Principles and a register of the algorithms a city uses to decide about residents.' + INVENTED,
    leads: ['helsingborg'],
    contributors: ['eurocities', 'croatia'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
  },
  {
    number: 11,
    theme: 5,
    title: 'Business models for city platforms',
    description: 'How cities pay for and run digital platforms with partners, and who owns what.' + INVENTED,
    leads: ['oulu'],
    contributors: ['germany'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
  },
  {
    number: 12,
    theme: 5,
    title: 'Procuring digital innovation',
    description:
      'Ways for cities to buy solutions that do not exist yet: challenges, pre-commercial procurement.' + INVENTED,
    leads: ['romania'],
    contributors: ['lisbon'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
  },
  {
    number: 13,
    theme: 5,
    title: 'Cities in digital innovation hubs',
    description: 'How cities take part in the digital innovation hubs of their region.' + INVENTED,
    leads: ['germany'],
    contributors: ['dg-cnect'],
    startsOn: '2019-01-01',
    endsOn: '2019-12-31',
  },
  {
    number: 14,
    theme: 6,
    title: 'Guidelines for 5G in municipalities',
    description:
      'What a municipality decides about 5G: sites, permits, fees, and how it uses the network itself.' + INVENTED,
    leads: ['sofia'],
    contributors: ['dg-cnect', 'hamburg'],
    tags: ['5G'],
    startsOn: '2018-09-01',
    endsOn: '2019-12-31',
  },
  {
    number: 15,
    theme: 6,
    title: 'Street furniture for small cells',
    description: 'Model permits for placing small radio cells on lamp posts and other city furniture.' + INVENTED,
    leads: ['spain'],
    contributors: ['eindhoven'],
    tags: ['5G'],
    startsOn: '2019-01-01',
    endsOn: '2019-12-31',
  },
];

/** The demo's updates, in order: [number, date, who (a handle), explanation, change]. */
type Update = [number, string, string, string, ActionChange];

const challenge = (c: Partial<ChallengeInput> & Pick<ChallengeInput, 'description' | 'raisedOn'>): ChallengeInput => ({
  impact: 'medium',
  status: 'open',
  mitigation: '',
  ...c,
});

function updates(): Update[] {
  const started = (n: number, date: string, progress: number, why: string): Update => [
    n,
    date,
    'kadri-saar',
    why,
    { status: 'in_progress', progress },
  ];
  const list: Update[] = [];
  for (const n of [1, 3, 4, 6, 8, 10, 11, 12, 14])
    list.push(started(n, '2018-09-20', 5, 'Work began after the final plan.'));
  list.push(started(2, '2018-09-20', 0, 'Work began after the final plan.'));
  list.push([
    12,
    '2018-10-17',
    'aino-lehtonen',
    'Merged into Action 11 at the 10th meeting in Lyon: ' +
      'paying for platforms and procuring them are one question for cities.',
    { status: 'merged', mergedInto: -11 },
  ]);
  list.push([
    11,
    '2018-10-17',
    'aino-lehtonen',
    'Action 12 (procuring digital innovation) merged into this action; Romania joins as a lead.',
    {
      title: 'Business models and procurement for city platforms',
      organisations: [
        { organisationId: -1, role: 'lead' },
        { organisationId: -2, role: 'lead' },
      ],
      progress: 10,
    },
  ]);
  list.push([
    2,
    '2018-12-14',
    'aino-lehtonen',
    'The questionnaire and its guidance are ready for the pilots.',
    { deliverableDone: 0 } as never,
  ]);
  list.push([
    3,
    '2018-12-05',
    'kadri-saar',
    'Outline agreed with the contributors.',
    { progress: 25, deliverableDone: 0 } as never,
  ]);
  list.push([
    9,
    '2019-01-10',
    'elena-dimitrova',
    'Start postponed: the cities that offered to test the check need more time to name their teams.',
    {
      status: 'delayed',
      challenges: [
        challenge({
          description: 'Test cities have not named their teams yet.',
          impact: 'high',
          mitigation: 'Ask the coordinators to approach two more cities.',
          raisedOn: '2019-01-10',
        }),
      ],
    },
  ]);
  list.push([
    4,
    '2019-02-01',
    'aino-lehtonen',
    'User journeys collected from nine cities; the catalogue is out.',
    { progress: 35, deliverableDone: 0 } as never,
  ]);
  list.push([
    4,
    '2019-02-15',
    'kadri-saar',
    'Agreed at the 11th meeting in Luxembourg: the model is tested with two more cities before the 12th meeting.',
    { progress: 40 },
  ]);
  list.push([
    2,
    '2019-02-15',
    'elena-dimitrova',
    'Pilots under way in Helsingborg, Sofia and Oulu, as reported at the 11th meeting.',
    {
      challenges: [
        challenge({
          description: 'Residents of one pilot neighbourhood answer the questionnaire less than expected.',
          impact: 'medium',
          mitigation: 'Meet residents in the library and the market rather than online only.',
          raisedOn: '2019-02-15',
        }),
      ],
    },
  ]);
  list.push([
    9,
    '2019-03-20',
    'elena-dimitrova',
    'Two cities joined the test; back on track.',
    { status: 'in_progress', progress: 20, challengeResolved: ['2019-03-20'] } as never,
  ]);
  list.push([
    14,
    '2019-04-30',
    'elena-dimitrova',
    'First draft of the guidelines discussed with DG CNECT.',
    { progress: 40 },
  ]);
  list.push([
    2,
    '2019-07-01',
    'aino-lehtonen',
    'Pilot reports from Helsingborg and Oulu received; Sofia’s follows in September.',
    { deliverableDone: 1, deliverableDone2: 3 } as never,
  ]);
  list.push([
    8,
    '2019-07-15',
    'kadri-saar',
    'The label is ready; first cities apply it to their portals.',
    { status: 'completed', progress: 100 },
  ]);
  list.push([
    3,
    '2019-10-28',
    'kadri-saar',
    'The guide is published.',
    { status: 'completed', progress: 100, deliverableDone: 1 } as never,
  ]);
  list.push([
    7,
    '2019-11-05',
    'elena-dimitrova',
    'Cancelled: the legal questions of personal data stores are left to a future partnership.',
    { status: 'cancelled' },
  ]);
  return list;
}

/** The Digital Transition Partnership's action plan, with its history from 2018 to 2019. */
export async function seedActions(ctx: ModuleContext): Promise<void> {
  const db: Db = ctx.db;
  const partnershipId = await partnershipIdOf(db, 'digital-transition');
  if (partnershipId === null) return;
  const existing = await db
    .selectFrom('actions')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  if (existing) return;
  // Read before the transaction: on SQLite a query outside it would wait for it forever.
  const users = new Map<string, number | null>();
  for (const handle of ['kadri-saar', 'aino-lehtonen', 'elena-dimitrova'])
    users.set(handle, (await findUserByHandle(db, handle))?.id ?? null);
  const orgs = new Map<string, number | null>();
  for (const slug of ['oulu', 'romania', 'germany', 'lisbon']) orgs.set(slug, await organisationIdBySlug(db, slug));
  const coordinator = users.get('kadri-saar') ?? null;
  const stream: { id: number; kind: string; at: string; by: number | null }[] = [];

  await db.transaction().execute(async (trx) => {
    const themeIds: number[] = [];
    for (const [i, title] of THEMES.entries()) {
      const row = await trx
        .insertInto('action_themes')
        .values({ partnership_id: partnershipId, position: i + 1, title })
        .returning('id')
        .executeTakeFirstOrThrow();
      themeIds.push(row.id);
    }
    const ids = new Map<number, number>();
    for (const a of ACTIONS) {
      const organisations: OrganisationInput[] = [];
      for (const [slugs, role] of [
        [a.leads, 'lead'],
        [a.contributors ?? [], 'contributor'],
      ] as const) {
        for (const slug of slugs) {
          const id = await organisationIdBySlug(trx, slug);
          if (id !== null) organisations.push({ organisationId: id, role });
        }
      }
      const action = await createAction(
        trx,
        {
          partnershipId,
          number: a.number,
          title: a.title,
          description: a.description,
          lang: 'en',
          status: 'planned',
          themeId: themeIds[a.theme - 1] ?? null,
          startsOn: a.startsOn,
          endsOn: a.endsOn,
          progressMode: a.mode ?? 'manual',
          organisations,
          activities: a.activities ?? [],
          deliverables: a.deliverables ?? [],
          ...(a.tags ? { tags: { labels: a.tags, lang: 'en' } } : {}),
        },
        {
          userId: coordinator,
          at: '2018-08-30T10:00:00.000Z',
          explanation: 'In the final action plan of 30 August 2018.',
          audit: false,
        },
      );
      ids.set(a.number, action.id);
    }

    // The history: each update is a change with its version, at its date.
    const deliverablesOf = new Map(ACTIONS.map((a) => [a.number, [...(a.deliverables ?? [])]]));
    const challengesOf = new Map<number, ChallengeInput[]>();
    for (const [number, date, handle, explanation, raw] of updates()) {
      const id = ids.get(number)!;
      const change = { ...raw } as ActionChange & {
        deliverableDone?: number;
        deliverableDone2?: number;
        challengeResolved?: string[];
      };
      if (change.mergedInto !== undefined && change.mergedInto !== null && change.mergedInto < 0)
        change.mergedInto = ids.get(-change.mergedInto)!;
      if (change.organisations) {
        const [oulu, romania, germany, lisbon] = ['oulu', 'romania', 'germany', 'lisbon'].map((o) => orgs.get(o));
        change.organisations = [
          ...(oulu ? [{ organisationId: oulu, role: 'lead' as const }] : []),
          ...(romania ? [{ organisationId: romania, role: 'lead' as const }] : []),
          ...(germany ? [{ organisationId: germany, role: 'contributor' as const }] : []),
          ...(lisbon ? [{ organisationId: lisbon, role: 'contributor' as const }] : []),
        ];
      }
      for (const k of [change.deliverableDone, change.deliverableDone2]) {
        const list = deliverablesOf.get(number)!;
        if (k !== undefined && list[k]) {
          list[k] = { ...list[k], status: 'completed' };
          change.deliverables = list.map((d) => ({ ...d }));
        }
      }
      if (change.challenges) {
        const list = [...(challengesOf.get(number) ?? []), ...change.challenges];
        challengesOf.set(number, list);
        change.challenges = list;
      }
      if (change.challengeResolved) {
        const list = (challengesOf.get(number) ?? []).map((c) => ({
          ...c,
          status: 'resolved' as const,
          resolvedOn: change.challengeResolved![0]!,
        }));
        challengesOf.set(number, list);
        change.challenges = list;
      }
      delete change.deliverableDone;
      delete change.deliverableDone2;
      delete change.challengeResolved;
      await changeAction(trx, id, change, {
        userId: users.get(handle) ?? coordinator,
        at: `${date}T15:00:00.000Z`,
        explanation,
        audit: false,
      });
      if (change.status === 'merged' || change.status === 'completed' || change.status === 'cancelled')
        stream.push({
          id,
          kind: `actions.${change.status}`,
          at: `${date}T15:00:00.000Z`,
          by: users.get(handle) ?? null,
        });
    }
  });
  // The stream: actions merged, completed or cancelled, at the time of the change.
  for (const line of stream) {
    await recordActivity(ctx, {
      partnershipId,
      actorId: line.by,
      kind: line.kind,
      about: { type: 'action', id: line.id },
      at: line.at,
    });
  }
}
