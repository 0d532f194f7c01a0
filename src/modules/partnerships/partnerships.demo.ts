import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { demoPeople } from '../people/index.js';
import { randomBytes } from 'node:crypto';
import {
  coordinatorIds,
  createInvitation,
  createJoinRequest,
  insertActivity,
  insertPage,
  putOrganisation,
  putPerson,
} from './membership.queries.js';
import { insertPartnership } from './partnerships.queries.js';
import type { OrganisationRole, PersonRole } from './partnerships.schema.js';

// The partnerships of the Urban Agenda for the EU and the year each began (public facts).
// The summaries are written for this demo; they are not official descriptions.
const PARTNERSHIPS: [slug: string, year: number, en: [string, string], cs: [string, string]][] = [
  [
    'inclusion-of-migrants-and-refugees',
    2016,
    [
      'Inclusion of Migrants and Refugees',
      'How cities welcome newcomers: housing, schooling, work and a voice in local life.',
    ],
    [
      'Začleňování migrantů a uprchlíků',
      'Jak města přijímají nově příchozí: bydlení, vzdělávání, práce a hlas v místním životě.',
    ],
  ],
  [
    'air-quality',
    2016,
    ['Air Quality', 'Cleaner urban air through better rules, better funding and better measurement.'],
    ['Kvalita ovzduší', 'Čistší vzduch ve městech díky lepším pravidlům, financování a měření.'],
  ],
  [
    'urban-poverty',
    2016,
    ['Urban Poverty', 'Reducing poverty in deprived neighbourhoods, with children and homeless people first.'],
    ['Chudoba ve městech', 'Snižování chudoby ve znevýhodněných čtvrtích, především u dětí a lidí bez domova.'],
  ],
  [
    'housing',
    2016,
    ['Housing', 'Affordable, good-quality housing, and the state aid and funding rules that shape it.'],
    ['Bydlení', 'Dostupné a kvalitní bydlení a pravidla veřejné podpory a financování, která jej ovlivňují.'],
  ],
  [
    'digital-transition',
    2017,
    [
      'Digital Transition',
      'Digital skills for everyone, citizen-centred e-government, open data and emerging technologies in cities.',
    ],
    [
      'Digitální transformace',
      'Digitální dovednosti pro všechny, e-government zaměřený na občany, otevřená data a nové technologie ve městech.',
    ],
  ],
  [
    'circular-economy',
    2017,
    ['Circular Economy', 'Keeping resources in use for longer: waste, reuse, sharing and circular procurement.'],
    ['Oběhové hospodářství', 'Udržet zdroje v oběhu co nejdéle: odpady, opětovné použití, sdílení a oběhové zakázky.'],
  ],
  [
    'jobs-and-skills-in-the-local-economy',
    2017,
    ['Jobs and Skills in the Local Economy', 'Matching local skills with the jobs a changing economy creates.'],
    [
      'Pracovní místa a dovednosti v místní ekonomice',
      'Jak sladit místní dovednosti s pracovními místy, která přináší měnící se ekonomika.',
    ],
  ],
  [
    'urban-mobility',
    2017,
    ['Urban Mobility', 'Sustainable, efficient transport: public transport, active travel and cleaner vehicles.'],
    ['Městská mobilita', 'Udržitelná a účinná doprava: veřejná doprava, chůze a cyklistika a čistší vozidla.'],
  ],
  [
    'climate-adaptation',
    2017,
    ['Climate Adaptation', 'Preparing cities for heat, floods and drought, and financing the work.'],
    ['Adaptace na změnu klimatu', 'Příprava měst na horko, povodně a sucho a financování této práce.'],
  ],
  [
    'energy-transition',
    2017,
    ['Energy Transition', 'Efficient buildings, local renewable energy and the shift away from fossil fuels.'],
    ['Energetická transformace', 'Úsporné budovy, místní obnovitelné zdroje a odklon od fosilních paliv.'],
  ],
  [
    'sustainable-use-of-land-and-nature-based-solutions',
    2017,
    [
      'Sustainable Use of Land and Nature-Based Solutions',
      'Compact growth, brownfield reuse and green infrastructure instead of urban sprawl.',
    ],
    [
      'Udržitelné využívání půdy a řešení inspirovaná přírodou',
      'Kompaktní růst, obnova brownfieldů a zelená infrastruktura místo rozpínání měst.',
    ],
  ],
  [
    'innovative-and-responsible-public-procurement',
    2017,
    [
      'Innovative and Responsible Public Procurement',
      'Using public purchasing to reach social, environmental and innovation goals.',
    ],
    [
      'Inovativní a odpovědné zadávání veřejných zakázek',
      'Veřejné nákupy jako nástroj sociálních, environmentálních a inovačních cílů.',
    ],
  ],
  [
    'security-in-public-spaces',
    2018,
    ['Security in Public Spaces', 'Safe squares, stations and streets that stay open and welcoming.'],
    ['Bezpečnost ve veřejných prostorách', 'Bezpečná náměstí, nádraží a ulice, které zůstávají otevřené a přívětivé.'],
  ],
  [
    'culture-and-cultural-heritage',
    2018,
    ['Culture and Cultural Heritage', 'Culture and heritage as drivers of local identity, tourism and regeneration.'],
    ['Kultura a kulturní dědictví', 'Kultura a dědictví jako hybatelé místní identity, cestovního ruchu a obnovy.'],
  ],
  [
    'sustainable-tourism',
    2022,
    ['Sustainable Tourism', 'Tourism that supports residents and local economies without overwhelming them.'],
    ['Udržitelný cestovní ruch', 'Cestovní ruch, který podporuje obyvatele a místní ekonomiku a nezahlcuje je.'],
  ],
  [
    'greening-cities',
    2022,
    ['Greening Cities', 'More nature in the city: parks, trees, green roofs and biodiversity.'],
    ['Zelenější města', 'Více přírody ve městě: parky, stromy, zelené střechy a biodiverzita.'],
  ],
  [
    'food',
    2023,
    ['Food', 'Healthy, sustainable urban food systems, from production to waste.'],
    ['Potraviny', 'Zdravé a udržitelné městské potravinové systémy od produkce po odpad.'],
  ],
  [
    'cities-of-equality',
    2023,
    ['Cities of Equality', 'Fighting discrimination and making city services fair for everyone.'],
    ['Města rovnosti', 'Boj proti diskriminaci a spravedlivé městské služby pro všechny.'],
  ],
  [
    'water-sensitive-city',
    2024,
    ['Water Sensitive City', 'Managing urban water wisely: supply, rain, rivers and reuse.'],
    ['Města citlivá k vodě', 'Moudré hospodaření s vodou ve městě: zásobování, srážky, řeky a opětovné využití.'],
  ],
  [
    'building-decarbonisation',
    2024,
    ['Building Decarbonisation', 'Renovating the building stock to cut emissions while keeping homes affordable.'],
    ['Dekarbonizace budov', 'Renovace budov ke snížení emisí při zachování dostupnosti bydlení.'],
  ],
];

// The Digital Transition Partnership's organisations and their roles (public facts, 2017).
const DIGITAL_TRANSITION: [slug: string, role: OrganisationRole][] = [
  ['estonia', 'coordinator'],
  ['oulu', 'coordinator'],
  ['sofia', 'coordinator'],
  ...(['croatia', 'germany', 'hungary', 'romania', 'spain'] as const).map(
    (s) => [s, 'member'] as [string, OrganisationRole],
  ),
  ...(
    [
      'eindhoven',
      'hamburg',
      'helsingborg',
      'lisbon',
      'lyon',
      'rome',
      'association-of-municipalities-of-slovenia',
      'cemr',
      'eurocities',
    ] as const
  ).map((s) => [s, 'member'] as [string, OrganisationRole]),
  ['dg-regio', 'commission-service'],
  ['dg-cnect', 'commission-service'],
  ['urbact', 'observer'],
];

const ABOUT =
  'The Digital Transition Partnership brings cities, member states, Commission services and city networks ' +
  'together to help European cities make the most of digital technology for the people who live and work in them.' +
  '\n\n' +
  'Its action plan, finalised in 2018, has fifteen actions under six themes: digital skills for everybody; ' +
  'citizen-centric e-government; fair access to open, public and personal data; emerging technologies; ' +
  'business-model thinking; and key enabling technologies, starting with 5G.' +
  '\n\n' +
  'This page is part of the Urbis demo; its wording is not official.';

const WORKING_NOTES =
  'Working notes for the members (demo).' +
  '\n\n' +
  'Before the next meeting, each action leader updates the status of their action and lists the deliverables ' +
  'that are late, with the reason.' +
  '\n\n' +
  'Open question from Luxembourg: which cities want to test the Digital Neighbourhood Instrument toolbox next, ' +
  'and who can mentor them?';

/**
 * When the n-th demo person joined the Digital Transition Partnership: from June 2017, one every
 * three weeks or so, the last in 2019 (invented dates; not the day the demo was loaded).
 */
const demoJoinedAt = (n: number) =>
  new Date(Date.UTC(2017, 5, 12, 9, 30) + Math.min(n * 23, 900) * 86_400_000).toISOString();

/**
 * The Urban Agenda partnerships, in English with a Czech translation, and the Digital Transition Partnership's members
 * and pages.
 */
export async function seedPartnerships(ctx: ModuleContext): Promise<void> {
  const { db } = ctx;
  const ids = new Map<string, number>();
  for (const [slug, year, [title, summary], [csTitle, csSummary]] of PARTNERSHIPS) {
    ids.set(
      slug,
      await insertPartnership(db, {
        slug,
        originalLang: 'en',
        title,
        summary,
        launchedYear: year,
        translations: [{ lang: 'cs', title: csTitle, summary: csSummary }],
      }),
    );
  }
  const dtp = ids.get('digital-transition');
  if (dtp === undefined) return;
  for (const [slug, role] of DIGITAL_TRANSITION) {
    const organisationId = await organisationIdBySlug(db, slug);
    if (organisationId !== null) await putOrganisation(db, dtp, organisationId, role);
  }
  // The people of the partnership's organisations: the lead contacts of coordinating
  // organisations coordinate; one member moderates the discussions.
  const standing = new Map(DIGITAL_TRANSITION);
  let moderatorChosen = false;
  let joined = 0;
  for (const person of demoPeople()) {
    const role = standing.get(person.organisationSlug);
    const user = role ? await findUserByHandle(db, person.handle) : null;
    if (!role || !user) continue;
    let personRole: PersonRole = role === 'coordinator' && person.lead ? 'coordinator' : 'member';
    if (personRole === 'member' && !moderatorChosen && role === 'member' && person.lead) {
      personRole = 'moderator';
      moderatorChosen = true;
    }
    await putPerson(db, dtp, user.id, personRole, demoJoinedAt(joined++));
  }
  await seedWaiting(ctx, dtp);
  await insertPage(db, dtp, {
    slug: 'about',
    title: 'About the partnership',
    body: ABOUT,
    lang: 'en',
    membersOnly: false,
    position: 1,
  });
  await insertPage(db, dtp, {
    slug: 'working-notes',
    title: 'Working notes',
    body: WORKING_NOTES,
    lang: 'en',
    membersOnly: true,
    position: 2,
  });
  await insertActivity(db, {
    partnershipId: dtp,
    actorId: null,
    kind: 'pageUpdated',
    subject: 'Working notes',
    path: '/partnerships/digital-transition/pages/working-notes',
    membersOnly: true,
    at: '2019-02-18T09:00:00.000Z',
  });
}

/**
 * What waits for the Digital Transition Partnership's coordinators on their page: two requests to
 * join (people of organisations outside the partnership) and an invitation with a personal
 * message, to an invented address (its link is not kept: nobody can accept it).
 */
async function seedWaiting(ctx: ModuleContext, dtp: number): Promise<void> {
  const { db } = ctx;
  const asking: [handle: string, message: string][] = [
    ['claire-weber', 'Luxembourg would like to share its work on digital public services with the partnership.'],
    [
      'dimitra-papadaki',
      'DG GROW follows the digital single market in cities and would like to take part in the actions.',
    ],
  ];
  for (const [handle, message] of asking) {
    const user = await findUserByHandle(db, handle);
    if (user) await createJoinRequest(db, dtp, user.id, message);
  }
  const [inviter] = await coordinatorIds(db, dtp);
  if (inviter === undefined) return;
  await createInvitation(db, {
    partnershipId: dtp,
    email: 'mara.lindqvist@example.eu',
    role: 'member',
    message: 'Helsingborg’s new digital lead: welcome, we look forward to your ideas for action 4.',
    token: randomBytes(24).toString('base64url'),
    invitedBy: inviter,
    days: 14,
  });
}
