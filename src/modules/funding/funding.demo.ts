import type { ModuleContext } from '../../core/module.js';
import { createUser, findUserByHandle } from '../accounts/index.js';
import { findComment, insertComment } from '../comments/index.js';
import { insertOrganisation, organisationIdBySlug, syncClaims } from '../organisations/index.js';
import { partnershipIdOf, putPerson } from '../partnerships/index.js';
import { DEMO_PASSWORD, replaceAffiliations, upsertProfile } from '../people/index.js';
import { createOpportunity, saveProgramme, type OpportunityInput, type ProgrammeInput } from './funding.service.js';
import type { OpportunityKind, PolicyStage } from './funding.tables.js';

// The programmes of 2021–2027 as FACTS.md gives them (budgets; what they fund), and two dozen items of
// the pipeline dated around the day the demo is made, so that every status shows: forthcoming, open,
// closing soon and closed. The items' texts are invented for the demo and say so; the programmes,
// their budgets and the Digital Cities Challenge are as FACTS.md knows them.
const M = 1_000_000;

export const DEMO_PROGRAMMES: ProgrammeInput[] = [
  {
    slug: 'digital-europe',
    name: 'Digital Europe Programme',
    periodFrom: 2021,
    periodTo: 2027,
    budgetEur: 7_588 * M,
    managingService: 'DG CNECT',
    url: 'https://digital-strategy.ec.europa.eu/en/activities/digital-programme',
    description:
      'High-performance computing, artificial intelligence, cybersecurity, advanced digital ' +
      'skills and European digital innovation hubs.',
  },
  {
    slug: 'horizon-europe',
    name: 'Horizon Europe',
    periodFrom: 2021,
    periodTo: 2027,
    budgetEur: 95_500 * M,
    managingService: 'DG RTD',
    url:
      'https://research-and-innovation.ec.europa.eu/funding/funding-opportunities/' +
      'funding-programmes-and-open-calls/horizon-europe_en',
    description: 'Research and innovation, including the Mission for 100 climate-neutral and smart cities by 2030.',
  },
  {
    slug: 'cef-digital',
    name: 'Connecting Europe Facility – Digital',
    periodFrom: 2021,
    periodTo: 2027,
    budgetEur: 2_070 * M,
    managingService: 'DG CNECT',
    url: 'https://digital-strategy.ec.europa.eu/en/activities/cef-digital',
    description: 'Gigabit and 5G networks, and 5G for local smart communities.',
  },
  {
    slug: 'erdf',
    name: 'European Regional Development Fund',
    periodFrom: 2021,
    periodTo: 2027,
    budgetEur: null,
    budgetNote: 'At least 8 % to sustainable urban development',
    managingService: 'DG REGIO',
    url: 'https://ec.europa.eu/regional_policy/funding/erdf_en',
    description: 'Regional development, managed with the member states and their regions.',
  },
  {
    slug: 'eui',
    name: 'European Urban Initiative',
    periodFrom: 2021,
    periodTo: 2027,
    budgetEur: 450 * M,
    managingService: 'DG REGIO',
    url: 'https://www.urban-initiative.eu',
    description: 'Innovative actions of cities: up to 80 % of the costs and up to €5 million a project.',
  },
  {
    slug: 'urbact-iv',
    name: 'URBACT IV',
    periodFrom: 2021,
    periodTo: 2027,
    budgetEur: 84_800_000,
    managingService: 'DG REGIO',
    url: 'https://urbact.eu',
    description: 'City networks: action planning networks of 8 to 10 partners (up to €850,000) and transfer networks.',
  },
  {
    slug: 'uia',
    name: 'Urban Innovative Actions',
    periodFrom: 2014,
    periodTo: 2020,
    budgetEur: 372 * M,
    managingService: 'DG REGIO',
    url: 'https://uia-initiative.eu',
    description: 'The predecessor of the European Urban Initiative.',
  },
];

const DAY = 86_400_000;
/** The demo's day: when it is made, at 17:00 Brussels time in winter (16:00 UTC), `days` from it. */
function dayFrom(today: Date, days: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 16) + days * DAY);
  return d.toISOString();
}

interface DemoItem {
  key: string;
  programme: string | null;
  kind: OpportunityKind;
  title: string;
  summary: string;
  /** Days from the demo's day: opening (null: open already), deadlines. */
  opens: number | null;
  deadlines: { days: number; label?: string }[];
  budget?: number;
  grant?: [number, number];
  rate?: number;
  kinds?: string[];
  countries?: string[];
  sizes?: string[];
  tags: string[];
  stage?: PolicyStage;
  url?: string;
}

const EU27 = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
const LOCAL = ['city', 'metropolitan-area', 'region'];
const INVENTED = '\n\n*Demo content: this item is invented for the demo; its programme is real.*';

const DCC = [
  'Launched by DG GROW in October 2017 and funded by COSME, the Digital Cities Challenge gave 41 cities – 15 challenge',
  'cities chosen from 92 applications, 20 fellow cities and 6 mentor cities – 14 to 18 months of free expert coaching,',
  'training and peer learning.',
  '',
  'Each city began with a self-assessment of its digital maturity and ended with a ' +
    'strategy and a roadmap: preparation,',
  'vision and ambition, strategy, roadmap, then monitoring and evaluation. Its successor ' +
    'is the Intelligent Cities Challenge.',
].join('\n');

const ITEMS: DemoItem[] = [
  {
    key: 'dcc',
    programme: null,
    kind: 'initiative',
    title: 'Digital Cities Challenge',
    summary:
      'Free expert coaching, training and peer learning for cities drawing up a digital ' +
      'transformation strategy and roadmap, starting from a digital maturity ' +
      'self-assessment.',
    opens: -2_900,
    deadlines: [],
    kinds: ['city'],
    countries: EU27,
    tags: ['Digital Cities Challenge', 'Digital transition', 'Digital skills'],
    stage: 'implementation',
  },
  {
    key: 'ica',
    programme: null,
    kind: 'initiative',
    title: 'Intelligent Cities Challenge: call for cities',
    summary:
      'The successor of the Digital Cities Challenge takes in a new group of cities for ' +
      'coaching on green and digital transitions.',
    opens: 20,
    deadlines: [{ days: 80 }],
    kinds: ['city'],
    countries: EU27,
    tags: ['Digital Cities Challenge', 'Digital transition'],
    stage: 'announced',
  },
  {
    key: 'dep-edih',
    programme: 'digital-europe',
    kind: 'call',
    title: 'European Digital Innovation Hubs: services for the public sector',
    summary:
      'Grants for hubs that help municipalities test artificial intelligence and data services before they buy them.',
    opens: -40,
    deadlines: [{ days: 9 }],
    budget: 40 * M,
    grant: [1 * M, 3 * M],
    rate: 50,
    kinds: ['city', 'metropolitan-area', 'region', 'research', 'agency'],
    countries: EU27,
    tags: ['Digital transition', 'e-government', 'Open data'],
  },
  {
    key: 'dep-skills',
    programme: 'digital-europe',
    kind: 'call',
    title: 'Advanced digital skills for local administrations',
    summary:
      'Short courses and traineeships that give civil servants of towns and regions the ' +
      'skills to run digital services.',
    opens: -10,
    deadlines: [{ days: 45 }],
    budget: 25 * M,
    grant: [500_000, 2 * M],
    rate: 50,
    kinds: LOCAL,
    countries: EU27,
    tags: ['Digital skills', 'Digital transition'],
  },
  {
    key: 'dep-cyber',
    programme: 'digital-europe',
    kind: 'call',
    title: 'Cybersecurity of municipal services',
    summary: 'Support for cities to assess and improve the security of their online services.',
    opens: 30,
    deadlines: [{ days: 120 }],
    budget: 30 * M,
    grant: [1 * M, 2 * M],
    rate: 50,
    kinds: LOCAL,
    tags: ['e-government', 'cybersecurity'],
  },
  {
    key: 'dep-data',
    programme: 'digital-europe',
    kind: 'call',
    title: 'Data spaces for smart communities',
    summary: 'Grants to connect local data platforms into a common European data space for communities.',
    opens: -120,
    deadlines: [{ days: -20 }],
    budget: 36 * M,
    grant: [2 * M, 6 * M],
    rate: 50,
    kinds: ['city', 'metropolitan-area', 'region', 'research', 'network'],
    countries: EU27,
    tags: ['Open data', 'data', 'Digital transition'],
  },
  {
    key: 'he-mission',
    programme: 'horizon-europe',
    kind: 'call',
    title: 'Climate-neutral and smart cities: pilot cities',
    summary:
      'Funding for groups of cities to test digital solutions that cut emissions, for the ' +
      'Mission of 100 climate-neutral and smart cities by 2030.',
    opens: -60,
    deadlines: [
      { days: 5, label: 'Stage 1: outline proposals' },
      { days: 95, label: 'Stage 2: full proposals' },
    ],
    budget: 60 * M,
    grant: [1_500_000, 4 * M],
    rate: 100,
    kinds: ['city', 'metropolitan-area'],
    tags: ['greening', 'Digital transition'],
  },
  {
    key: 'he-twins',
    programme: 'horizon-europe',
    kind: 'call',
    title: 'Local digital twins for planning',
    summary:
      'Research and innovation on digital twins that let cities try out planning decisions before they take them.',
    opens: -30,
    deadlines: [{ days: 60 }],
    budget: 20 * M,
    grant: [3 * M, 5 * M],
    rate: 100,
    kinds: ['city', 'metropolitan-area', 'region', 'research'],
    tags: ['Emerging technologies', 'data'],
  },
  {
    key: 'he-ai',
    programme: 'horizon-europe',
    kind: 'call',
    title: 'Trustworthy artificial intelligence in public services',
    summary:
      'Projects that put explainable artificial intelligence to work in public administrations, with their citizens.',
    opens: -200,
    deadlines: [{ days: -90 }],
    budget: 30 * M,
    grant: [2 * M, 4 * M],
    rate: 100,
    tags: ['Emerging technologies', 'e-government'],
  },
  {
    key: 'he-prize',
    programme: 'horizon-europe',
    kind: 'prize',
    title: 'Prize for citizen-centric digital services',
    summary: 'A prize for the public service that citizens found easiest to use, judged with them.',
    opens: -15,
    deadlines: [{ days: 12 }],
    budget: 1_500_000,
    grant: [250_000, 500_000],
    kinds: LOCAL,
    countries: EU27,
    tags: ['e-government', 'Digital transition'],
  },
  {
    key: 'cef-5g',
    programme: 'cef-digital',
    kind: 'call',
    title: '5G for smart communities',
    summary: 'Grants to bring 5G to places of public life – schools, hospitals, transport hubs – in local communities.',
    opens: -20,
    deadlines: [{ days: 70 }],
    budget: 40 * M,
    grant: [500_000, 3 * M],
    rate: 75,
    kinds: ['city', 'metropolitan-area', 'region'],
    countries: EU27,
    tags: ['5G', 'Digital transition'],
  },
  {
    key: 'cef-corridors',
    programme: 'cef-digital',
    kind: 'call',
    title: '5G corridors along transport routes',
    summary: 'Works for continuous 5G coverage along European transport corridors, across borders.',
    opens: 45,
    deadlines: [{ days: 150 }],
    budget: 100 * M,
    rate: 50,
    kinds: ['member-state', 'agency', 'other'],
    tags: ['5G', 'mobility'],
  },
  {
    key: 'erdf-smart',
    programme: 'erdf',
    kind: 'call',
    title: 'Smart villages and small towns: digital services',
    summary: 'Regional calls under cohesion policy for small municipalities that bring their services online.',
    opens: -5,
    deadlines: [{ days: 30 }],
    budget: 12 * M,
    grant: [50_000, 400_000],
    rate: 85,
    kinds: ['city'],
    sizes: ['small'],
    countries: ['CZ', 'SK', 'PL', 'HU'],
    tags: ['e-government', 'Digital transition'],
  },
  {
    key: 'erdf-urban',
    programme: 'erdf',
    kind: 'call',
    title: 'Integrated urban development strategies',
    summary: 'Funding for the digital parts of integrated strategies of functional urban areas.',
    opens: -300,
    deadlines: [{ days: -150 }],
    budget: 80 * M,
    rate: 70,
    kinds: ['city', 'metropolitan-area'],
    sizes: ['medium', 'large'],
    tags: ['Digital transition', 'Neighbourhoods'],
  },
  {
    key: 'eui-ia',
    programme: 'eui',
    kind: 'call',
    title: 'Innovative Actions: call 3',
    summary:
      'Cities test bold solutions to urban challenges; up to 80 % of the costs and up to €5 ' +
      'million a project (call 3: €90 million in all).',
    opens: -50,
    deadlines: [{ days: 3 }],
    budget: 90 * M,
    grant: [1 * M, 5 * M],
    rate: 80,
    kinds: ['city', 'metropolitan-area'],
    countries: EU27,
    tags: ['Digital transition', 'greening', 'Neighbourhoods'],
  },
  {
    key: 'eui-capacity',
    programme: 'eui',
    kind: 'technical_assistance',
    title: 'City-to-city exchanges',
    summary: "Short exchanges in which a city's staff learn from another city that has solved a problem they share.",
    opens: null,
    deadlines: [],
    grant: [5_000, 20_000],
    rate: 100,
    kinds: ['city', 'metropolitan-area'],
    countries: EU27,
    tags: ['lessons', 'Digital transition'],
  },
  {
    key: 'eui-peer',
    programme: 'eui',
    kind: 'technical_assistance',
    title: 'Peer reviews of urban strategies',
    summary: "Experts and peer cities review a city's sustainable urban development strategy before it is adopted.",
    opens: 10,
    deadlines: [{ days: 40 }],
    kinds: ['city', 'metropolitan-area'],
    tags: ['lessons', 'implementation'],
  },
  {
    key: 'urbact-apn',
    programme: 'urbact-iv',
    kind: 'call',
    title: 'Action Planning Networks',
    summary: 'Networks of 8 to 10 cities that draw up integrated action plans together, with up to €850,000 a network.',
    opens: -25,
    deadlines: [{ days: 20 }],
    budget: 25 * M,
    grant: [600_000, 850_000],
    rate: 80,
    kinds: ['city', 'metropolitan-area'],
    countries: [...EU27, 'NO', 'CH'],
    tags: ['action plan', 'Digital transition', 'lessons'],
  },
  {
    key: 'urbact-transfer',
    programme: 'urbact-iv',
    kind: 'call',
    title: 'Transfer Networks',
    summary: 'Cities adapt and reuse a good practice another city has proven, with its help.',
    opens: 60,
    deadlines: [{ days: 130 }],
    budget: 15 * M,
    grant: [400_000, 600_000],
    rate: 80,
    kinds: ['city'],
    sizes: ['small', 'medium'],
    tags: ['lessons', 'implementation'],
  },
  {
    key: 'uia-5',
    programme: 'uia',
    kind: 'call',
    title: 'Urban Innovative Actions: fifth call',
    summary: 'The last call of the programme before the European Urban Initiative.',
    opens: -2_200,
    deadlines: [{ days: -2_100 }],
    budget: 80 * M,
    grant: [1 * M, 5 * M],
    rate: 80,
    kinds: ['city', 'metropolitan-area'],
    tags: ['Digital transition'],
  },
  {
    key: 'tender-platform',
    programme: 'digital-europe',
    kind: 'tender',
    title: 'Study: interoperable local digital twins',
    summary: "A tender for a study of the standards that let cities' digital twins work together.",
    opens: -14,
    deadlines: [{ days: 16 }],
    budget: 800_000,
    kinds: ['research', 'other', 'network'],
    tags: ['Emerging technologies', 'data'],
  },
  {
    key: 'policy-data-act',
    programme: null,
    kind: 'policy',
    title: 'Public consultation: data sharing between businesses and governments',
    summary:
      'The Commission asks cities, businesses and citizens how public bodies could use ' +
      'privately held data in the public interest.',
    opens: -7,
    deadlines: [{ days: 50 }],
    tags: ['Open data', 'data', 'better regulation'],
    stage: 'consultation',
  },
  {
    key: 'policy-interop',
    programme: null,
    kind: 'policy',
    title: 'Interoperable public services: the next steps',
    summary: "A proposal for common rules so that public administrations' digital services work across borders.",
    opens: 90,
    deadlines: [],
    tags: ['e-government', 'better regulation'],
    stage: 'proposal',
  },
  {
    key: 'initiative-living-in',
    programme: null,
    kind: 'initiative',
    title: 'Living-in.EU: join the movement',
    summary: 'Cities sign the declaration on the European way of digital transformation: join, boost, sustain.',
    opens: null,
    deadlines: [],
    kinds: LOCAL,
    tags: ['Digital transition', 'Open data'],
    stage: 'implementation',
  },
];

/** The demo's programmes and items; `today` is the demo's day (tests give theirs). */
export async function seedFunding(ctx: ModuleContext, today = new Date()): Promise<void> {
  const at = new Date(today.getTime() - 30 * DAY).toISOString();
  const programmes = new Map<string, number>();
  for (const p of DEMO_PROGRAMMES)
    programmes.set(p.slug, await saveProgramme(ctx.db, p, { userId: null, at, audit: false }));
  for (const item of ITEMS) {
    const input: OpportunityInput = {
      externalId: `demo-${item.key}`,
      programmeId: item.programme ? programmes.get(item.programme)! : null,
      kind: item.kind,
      title: item.title,
      summary: item.summary,
      body: item.key === 'dcc' ? DCC : `${item.summary}${INVENTED}`,
      lang: 'en',
      stage: item.stage ?? null,
      opensAt:
        item.key === 'dcc' ? '2017-10-01T08:00:00.000Z' : item.opens === null ? null : dayFrom(today, item.opens),
      deadlines: item.deadlines.map((d) => ({ at: dayFrom(today, d.days), label: d.label ?? '' })),
      timeZone: 'Europe/Brussels',
      budgetEur: item.budget ?? null,
      grantMinEur: item.grant?.[0] ?? null,
      grantMaxEur: item.grant?.[1] ?? null,
      cofinancingRate: item.rate ?? null,
      url: item.url ?? null,
      contact: '',
      eligibility: { kinds: item.kinds ?? [], countries: item.countries ?? [], sizes: item.sizes ?? [] },
      tags: { labels: item.tags, lang: 'en' },
    };
    await createOpportunity(ctx.db, input, { userId: null, at, audit: false });
  }
  await seedSmallCity(ctx);
  await answerThePipelineQuestion(ctx, today);
}

/** A small Czech town (a real one, under 50,000 inhabitants) and its invented member of the partnership. */
export const SMALL_CITY = { slug: 'litomysl', name: 'Město Litomyšl', handle: 'tereza-kolarova' } as const;

/**
 * The register's "for my organisation" needs someone whose organisation is small: the town of
 * Litomyšl (a small city of the Czech Republic) and Tereza Kolářová, an invented person, confirmed
 * as its staff and a member of the Digital Transition Partnership.
 */
async function seedSmallCity(ctx: ModuleContext): Promise<void> {
  const db = ctx.db;
  if ((await organisationIdBySlug(db, SMALL_CITY.slug)) === null)
    await insertOrganisation(db, {
      name: SMALL_CITY.name,
      slug: SMALL_CITY.slug,
      kind: 'city',
      country: 'CZ',
      sizeBand: 'small',
      website: 'https://www.litomysl.cz',
    });
  const organisationId = (await organisationIdBySlug(db, SMALL_CITY.slug))!;
  if (await findUserByHandle(db, SMALL_CITY.handle)) return;
  const userId = await createUser(db, {
    email: `${SMALL_CITY.handle}@demo.urbis.eu`,
    handle: SMALL_CITY.handle,
    displayName: 'Tereza Kolářová',
    password: DEMO_PASSWORD,
  });
  await upsertProfile(db, userId, {
    bio: 'Runs the digital services of a small town and looks for calls a town of its size may apply for.',
    languages: ['cs', 'en'],
  });
  await replaceAffiliations(db, userId, [{ organisationId, roleTitle: 'Digital services officer' }]);
  await syncClaims(db, userId, [organisationId], 'confirmed');
  const partnership = await partnershipIdOf(db, 'digital-transition');
  // She joined in the partnership's early days, as its other demo members did.
  if (partnership !== null) await putPerson(db, partnership, userId, 'member', '2019-04-02T08:00:00.000Z');
}

/**
 * The only question under the seed post asks what the Commission has "in the pipeline"; DG CNECT's
 * person answers it again, now that the register holds it, with a link to the register filtered for
 * the Digital Transition topics. Nothing when the post, its question or the person are missing.
 */
async function answerThePipelineQuestion(ctx: ModuleContext, today: Date): Promise<void> {
  const db = ctx.db;
  const partnership = await partnershipIdOf(db, 'digital-transition');
  const answerer = await findUserByHandle(db, 'eva-novotna');
  if (partnership === null || !answerer) return;
  const post = await db
    .selectFrom('news_posts')
    .select('id')
    .where('partnership_id', '=', partnership)
    .where('slug', '=', 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions')
    .executeTakeFirst();
  if (!post) return;
  const question = await db
    .selectFrom('comments')
    .select('id')
    .where('subject_type', '=', 'post')
    .where('subject_id', '=', post.id)
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!question) return;
  const parent = await findComment(db, question.id);
  if (!parent) return;
  await insertComment(db, {
    subjectType: 'post',
    subjectId: post.id,
    parent,
    authorId: answerer.id,
    lang: 'en',
    body:
      'As promised, the overview is now in Urbis, and it stays up to date. The funding and policy ' +
      'pipeline for the Digital Transition topics lists the calls, tenders, prizes, initiatives and ' +
      'consultations with their deadlines and who may apply:\n' +
      '/en/funding?topic=digital-transition\n\n' +
      'Signed in, tick "Only what my organisation may apply for" to see what Lyon, or any city, can ' +
      'bid for; you can also follow a topic to hear when a new call opens.',
    createdAt: new Date(today.getTime() - DAY).toISOString(),
  });
}
