import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { wallTimeIn } from '../../core/i18n/time-zone.js';
import { contentTypesOf, type ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { partnershipIdOf, recordActivity } from '../partnerships/index.js';
import { setTagLabel, ensureTags } from '../tags/index.js';
import { attachBytes, attachmentsOf } from './meetings.attachments.js';
import * as q from './meetings.queries.js';
import { ACTION_TYPE } from './meetings.registration.page.js';
import { addAgendaItem, setMeetingTags, setParticipants, type AgendaItemInput } from './meetings.service.js';

type Db = Kysely<Database>;

interface DemoAgendaItem {
  /** Wall-clock times in the meeting's zone. */
  from?: string;
  to?: string;
  title: string;
  description?: string;
  /** `@handle` for a person, an organisation's slug otherwise. */
  speakers?: string[];
  items?: DemoAgendaItem[];
}

interface DemoMeeting {
  number: number;
  title: string;
  /** Wall-clock times in `zone`. */
  from: string;
  to: string;
  zone: string;
  venue?: string;
  address?: string;
  city: string;
  country: string;
  host: string;
  description: string;
  organisations?: string[];
  people?: string[];
  tags?: string[];
  agenda?: DemoAgendaItem[];
  minutes?: string;
  outcomes?: string;
  /** A decision, or a decision and the number of the action of the plan it names. */
  decisions?: (string | [text: string, action: number])[];
  attendance?: number;
}

// The Digital Transition Partnership's meetings as FACTS.md knows them (1st, 2nd, 6th, 7th, 8th, 10th,
// 11th, 12th: months, places and hosts); days, venues, times, agendas and minutes are invented for the demo.
const MEETINGS: DemoMeeting[] = [
  {
    number: 1,
    title: 'Kick-off meeting in Oulu',
    from: '2017-02-16T09:00',
    to: '2017-02-16T17:00',
    zone: 'Europe/Helsinki',
    venue: 'Oulu City Hall',
    city: 'Oulu',
    country: 'FI',
    host: 'oulu',
    description:
      'The first meeting of the partnership: its members meet, agree how they will work together and ' +
      'choose the first themes to look into.',
    organisations: ['estonia', 'oulu', 'sofia', 'dg-regio', 'dg-cnect', 'eurocities'],
    attendance: 31,
  },
  {
    number: 2,
    title: 'Second meeting in Sofia',
    from: '2017-06-20T09:30',
    to: '2017-06-21T13:00',
    zone: 'Europe/Sofia',
    venue: 'Sofia Tech Park',
    city: 'Sofia',
    country: 'BG',
    host: 'sofia',
    description: 'The partners compare what they found on each theme and start drafting the actions.',
    attendance: 34,
  },
  {
    number: 6,
    title: 'Sixth meeting in Hamburg',
    from: '2018-01-24T10:00',
    to: '2018-01-25T15:00',
    zone: 'Europe/Berlin',
    city: 'Hamburg',
    country: 'DE',
    host: 'hamburg',
    description: 'Work on the draft action plan before it is opened for public feedback.',
    attendance: 29,
  },
  {
    number: 7,
    title: 'Seventh meeting in Tallinn',
    from: '2018-03-21T09:00',
    to: '2018-03-22T13:00',
    zone: 'Europe/Tallinn',
    city: 'Tallinn',
    country: 'EE',
    host: 'estonia',
    description: 'What the public feedback on the draft action plan (8–16 March 2018) asks the partnership to change.',
    attendance: 33,
  },
  {
    number: 8,
    title: 'Eighth meeting in Eindhoven: the action plan finalised',
    from: '2018-05-23T09:30',
    to: '2018-05-24T14:00',
    zone: 'Europe/Amsterdam',
    city: 'Eindhoven',
    country: 'NL',
    host: 'eindhoven',
    description: 'The partners finalise the action plan and who leads each action.',
    attendance: 36,
  },
  {
    number: 10,
    title: 'Tenth meeting in Lyon',
    from: '2018-10-17T09:30',
    to: '2018-10-18T13:00',
    zone: 'Europe/Paris',
    city: 'Lyon',
    country: 'FR',
    host: 'lyon',
    description: 'The first months of putting the actions into practice; actions 11 and 12 are merged.',
    attendance: 32,
  },
  {
    number: 11,
    title: 'Implementing and scaling up the actions',
    from: '2019-02-14T09:30',
    to: '2019-02-15T13:00',
    zone: 'Europe/Luxembourg',
    venue: 'Jean Monnet Building',
    address: 'Rue Alcide De Gasperi',
    city: 'Luxembourg',
    country: 'LU',
    host: 'dg-cnect',
    description:
      'Two days on how the actions of the action plan are going, what the Commission is preparing for ' +
      'cities, and how what the partnership learns can reach other cities, above all smaller ones.\n\n' +
      'Hosted by DG CNECT, with ESPON and the Commission’s Data Unit joining, and DG GROW presenting ' +
      'the **Digital Cities Challenge**.',
    organisations: [
      'dg-cnect',
      'espon',
      'commission-data-unit',
      'dg-grow',
      'estonia',
      'oulu',
      'sofia',
      'germany',
      'spain',
      'luxembourg',
      'eindhoven',
      'hamburg',
      'helsingborg',
      'lisbon',
      'lyon',
    ],
    people: ['kadri-saar', 'aino-lehtonen', 'elena-dimitrova', 'elin-lindgren', 'claire-weber', 'camille-girard'],
    tags: ['meeting', 'Digital transition', 'implementation', 'Digital Cities Challenge', 'DG CNECT', 'Luxembourg'],
    agenda: [
      {
        from: '2019-02-14T09:30',
        to: '2019-02-14T10:00',
        title: 'Welcome and the aims of the two days',
        speakers: ['dg-cnect', '@kadri-saar'],
      },
      {
        from: '2019-02-14T10:00',
        to: '2019-02-14T12:30',
        title: 'Status of the actions',
        description: 'Each action leader: main activities, deliverables so far, changes and obstacles.',
        items: [
          {
            title: 'Action 2: Digital Neighbourhood Instrument',
            description: 'The pilots in Helsingborg, Sofia and Oulu.',
            speakers: ['@elin-lindgren', '@elena-dimitrova', '@aino-lehtonen'],
          },
          { title: 'Action 3: a guide on digitalisation for civil servants', speakers: ['estonia'] },
          { title: 'Action 4: a user-centric e-government model for cities', speakers: ['lisbon'] },
        ],
      },
      {
        from: '2019-02-14T14:00',
        to: '2019-02-14T15:30',
        title: 'The Digital Cities Challenge',
        description: 'Coaching and a digital-maturity self-assessment for cities: what it offers and how to join.',
        speakers: ['dg-grow'],
      },
      {
        from: '2019-02-14T15:45',
        to: '2019-02-14T17:00',
        title: 'Data and indicators for cities',
        speakers: ['espon', 'commission-data-unit'],
      },
      {
        from: '2019-02-15T09:00',
        to: '2019-02-15T11:30',
        title: 'Scaling up the actions',
        items: [
          { title: 'A package of lessons for medium-sized and small towns', speakers: ['@camille-girard'] },
          { title: 'Reaching other cities and member states', speakers: ['@claire-weber'] },
        ],
      },
      {
        from: '2019-02-15T11:30',
        to: '2019-02-15T12:30',
        title: 'What the Commission is preparing: activities, policies and funding',
        speakers: ['dg-cnect'],
      },
      { from: '2019-02-15T12:30', to: '2019-02-15T13:00', title: 'Conclusions and next steps', speakers: ['estonia'] },
    ],
    minutes:
      '## Thursday 14 February\n\n' +
      'DG CNECT welcomed the partners to Luxembourg. The coordinators recalled the aims: take stock of the ' +
      'actions, hear what the Commission is preparing, and start planning how the actions can travel.\n\n' +
      'Each action leader presented the main activities, the deliverables so far and the obstacles met. ' +
      'The Digital Neighbourhood Instrument pilots are running in Helsingborg, Sofia and Oulu.\n\n' +
      'DG GROW presented the Digital Cities Challenge; several cities asked about the self-assessment ' +
      'and the coaching. ESPON and the Data Unit showed indicators that cities can use.\n\n' +
      '## Friday 15 February\n\n' +
      'The partners discussed a package of lessons for medium-sized and small towns, and how to reach ' +
      'other cities and member states. DG CNECT presented activities, policies and funding in the pipeline.',
    outcomes:
      '- Implementation must speed up; action leaders will ask for expert support where an action stalls.\n' +
      '- A first outline of a package of lessons for smaller towns.\n' +
      '- Cities interested in the Digital Cities Challenge contact DG GROW.',
    decisions: [
      'Each action leader reports progress and obstacles to the coordinators every two months.',
      'A working group drafts the outline of the lessons package for the 12th meeting.',
      ['The user-centric e-government model is tested with two more cities before the 12th meeting.', 4],
      ['The pilots of the Digital Neighbourhood Instrument report their first results at the 12th meeting.', 2],
    ],
    attendance: 38,
  },
  {
    number: 12,
    title: 'Twelfth meeting in Eindhoven',
    from: '2019-03-27T09:30',
    to: '2019-03-28T13:00',
    zone: 'Europe/Amsterdam',
    city: 'Eindhoven',
    country: 'NL',
    host: 'eindhoven',
    description: 'The outline of the lessons package, and the actions’ progress since Luxembourg.',
    attendance: 30,
  },
];

/** The upcoming meeting with open registration: dated from the day the demo is loaded, so it stays upcoming. */
function upcomingMeeting(now: Date): DemoMeeting {
  const day = new Date(now.getTime() + 45 * 86_400_000).toISOString().slice(0, 10);
  return {
    number: 13,
    title: 'Lessons for smaller towns: a working meeting',
    from: `${day}T10:00`,
    to: `${day}T16:00`,
    zone: 'Europe/Brussels',
    venue: 'Committee of the Regions, Jacques Delors building',
    address: 'Rue Belliard 99–101',
    city: 'Brussels',
    country: 'BE',
    host: 'dg-regio',
    description:
      'A working meeting, in Brussels and online, on the package of lessons from the pilots for ' +
      'medium-sized and small towns. Registration is open until a week before the meeting.',
    organisations: ['estonia', 'oulu', 'sofia', 'dg-regio', 'dg-cnect'],
    agenda: [
      { from: `${day}T10:00`, to: `${day}T10:30`, title: 'Welcome', speakers: ['dg-regio'] },
      { from: `${day}T10:30`, to: `${day}T12:30`, title: 'The lessons package, section by section' },
      { from: `${day}T13:30`, to: `${day}T16:00`, title: 'Testing it with three towns' },
    ],
    tags: ['meeting', 'Digital transition'],
  };
}

const CS_TAGS = new Map([
  ['meeting', 'setkání'],
  ['Digital transition', 'Digitální transformace'],
  ['implementation', 'provádění'],
]);

async function speakersOf(db: Db, names: readonly string[] = []): Promise<AgendaItemInput['speakers']> {
  const out: AgendaItemInput['speakers'] = [];
  for (const name of names) {
    if (name.startsWith('@')) {
      const user = await findUserByHandle(db, name.slice(1));
      if (user) out.push({ userId: user.id });
    } else {
      const id = await organisationIdBySlug(db, name);
      if (id !== null) out.push({ organisationId: id });
    }
  }
  return out;
}

async function addAgenda(
  db: Db,
  meetingId: number,
  zone: string,
  items: readonly DemoAgendaItem[],
  parentId: number | null,
) {
  for (const item of items) {
    const id = await addAgendaItem(db, meetingId, {
      title: item.title,
      description: item.description ?? '',
      startsAt: item.from ? wallTimeIn(item.from, zone).toISOString() : null,
      endsAt: item.to ? wallTimeIn(item.to, zone).toISOString() : null,
      parentId,
      speakers: await speakersOf(db, item.speakers),
    });
    if (item.items) await addAgenda(db, meetingId, zone, item.items, id);
  }
}

/** A demo meeting's agenda as plain text: the title, then each item with its times, sub-items indented. */
function agendaText(m: DemoMeeting): string {
  const lines = [
    `${m.title}`,
    `${m.venue ?? ''}, ${m.city} · ${m.from.replace('T', ' ')} – ${m.to.replace('T', ' ')}`,
    '',
  ];
  const add = (items: readonly DemoAgendaItem[], indent: string) => {
    items.forEach((item, i) => {
      const when = item.from ? `${item.from.slice(11)}${item.to ? `–${item.to.slice(11)}` : ''}  ` : '';
      lines.push(`${indent}${i + 1}. ${when}${item.title}`);
      if (item.items) add(item.items, `${indent}   `);
    });
  };
  add(m.agenda ?? [], '');
  return `${lines.join('\n')}\n`;
}

/** The Digital Transition Partnership's meetings, the 11th in full, and the news post about it linked. */
export async function seedMeetings(ctx: ModuleContext, now = new Date()): Promise<void> {
  const partnershipId = await partnershipIdOf(ctx.db, 'digital-transition');
  if (partnershipId === null) return;
  const coordinator = await findUserByHandle(ctx.db, 'kadri-saar');
  // The plan's actions by number, when an action plan module is installed (its demo runs first): a
  // decision names an action by its id (`action_ref`), as the minutes form does.
  const actions = contentTypesOf(ctx.modules).get(ACTION_TYPE);
  const everything = { membersOf: 'all', editorOf: 'all', userId: null } as const;
  const actionIds = new Map(
    ((await actions?.inPartnership?.(ctx.db, partnershipId, everything)) ?? []).map((a) => [a.number, a.id]),
  );
  await ctx.db.transaction().execute(async (trx) => {
    for (const m of [...MEETINGS, upcomingMeeting(now)]) {
      const startsAt = wallTimeIn(m.from, m.zone).toISOString();
      const endsAt = wallTimeIn(m.to, m.zone).toISOString();
      const upcoming = Date.parse(startsAt) > now.getTime();
      const createdAt = upcoming ? now.toISOString() : new Date(Date.parse(startsAt) - 30 * 86_400_000).toISOString();
      const id = await q.insertMeeting(
        trx,
        {
          partnershipId,
          number: m.number,
          originalLang: 'en',
          title: m.title,
          description: m.description,
          startsAt,
          endsAt,
          timeZone: m.zone,
          venue: m.venue ?? '',
          address: m.address ?? '',
          city: m.city,
          country: m.country,
          onlineUrl: upcoming ? 'https://meet.example.eu/digital-transition-13' : null,
          hostOrganisationId: await organisationIdBySlug(trx, m.host),
          membersOnly: false,
          registrationOpen: upcoming,
          capacity: upcoming ? 40 : null,
          registrationDeadline: upcoming ? new Date(Date.parse(startsAt) - 7 * 86_400_000).toISOString() : null,
          minutes: m.minutes ?? '',
          outcomes: m.outcomes ?? '',
          attendanceReported: m.attendance ?? null,
          createdBy: coordinator?.id ?? null,
        },
        createdAt,
      );
      if (id === null) continue;
      const orgIds: number[] = [];
      for (const slug of m.organisations ?? []) {
        const orgId = await organisationIdBySlug(trx, slug);
        if (orgId !== null) orgIds.push(orgId);
      }
      const userIds: number[] = [];
      for (const handle of m.people ?? []) {
        const user = await findUserByHandle(trx, handle);
        if (user) userIds.push(user.id);
      }
      await setParticipants(trx, id, orgIds, userIds);
      if (m.tags) {
        await setMeetingTags(trx, { id, partnershipId, membersOnly: false, createdAt }, m.tags, 'en');
        const tagIds = await ensureTags(trx, m.tags, 'en');
        for (const [i, tagId] of tagIds.entries()) {
          const cs = CS_TAGS.get(m.tags[i] ?? '');
          if (cs) await setTagLabel(trx, tagId, 'cs', cs);
        }
      }
      if (m.agenda) await addAgenda(trx, id, m.zone, m.agenda, null);
      for (const [i, decision] of (m.decisions ?? []).entries()) {
        const [text, action] = typeof decision === 'string' ? [decision, null] : decision;
        const ref = action === null ? undefined : actionIds.get(action);
        await trx
          .insertInto('meeting_decisions')
          .values({ meeting_id: id, position: i + 1, text, action_ref: ref ? String(ref) : null, created_at: endsAt })
          .execute();
      }
      if (m.number === 11) {
        // The news post that reports on it.
        const post = await trx
          .selectFrom('news_posts')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('slug', '=', 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions')
          .executeTakeFirst();
        if (post) await trx.insertInto('meeting_posts').values({ meeting_id: id, post_id: post.id }).execute();
      }
    }
  });
  // The 11th meeting's agenda as a file, written here from its demo agenda (plain text, UTF-8).
  const eleventh = await q.findMeetingByNumber(ctx.db, partnershipId, 11);
  const agenda = MEETINGS.find((m) => m.number === 11);
  if (eleventh && agenda?.agenda && (await attachmentsOf(ctx.db, eleventh.id)).length === 0) {
    await attachBytes(ctx, eleventh, {
      name: 'Agenda – 11th meeting, Luxembourg.txt',
      content: Buffer.from(agendaText(agenda)),
      kind: 'agenda',
      description: 'The agenda as sent to the partners before the meeting.',
    });
  }
  // The stream: the meetings that took place, at their end.
  const held = await ctx.db
    .selectFrom('meetings')
    .select(['id', 'ends_at'])
    .where('partnership_id', '=', partnershipId)
    .where('ends_at', '<', now.toISOString())
    .execute();
  for (const m of held) {
    await recordActivity(ctx, {
      partnershipId,
      actorId: null,
      kind: 'meetings.held',
      about: { type: 'meeting', id: m.id },
      at: q.isoOf(m.ends_at),
    });
  }
}
