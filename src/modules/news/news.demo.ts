import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { addDemoComments } from '../comments/index.js';
import { partnershipIdOf, recordActivity } from '../partnerships/index.js';
import { ensureTags, setTagLabel, setTaggings } from '../tags/index.js';
import { attachBytes } from './news.attachments.js';
import { findPostById, findPostBySlug, insertPost, putTranslation } from './news.queries.js';

/** The slug of the demo post that the seed page shows (the comments module's demo comments on it). */
export const SEED_POST = {
  partnership: 'digital-transition',
  slug: 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions',
} as const;

interface DemoPost {
  partnership: string;
  slug: string;
  author: string;
  /** Brussels time, as written. */
  at: string | null;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  membersOnly?: boolean;
  cs?: { title: string; summary: string; body: string; tags: string[] };
}

// Written for this demo from public facts (see FACTS.md); the authors are invented people.
const SEED: DemoPost = {
  partnership: SEED_POST.partnership,
  slug: SEED_POST.slug,
  author: 'eva-novotna',
  at: '2019-03-12T16:39:00+01:00',
  title: 'Luxembourg meeting on implementing and scaling up the actions',
  summary:
    'Two days in Luxembourg on putting the partnership’s actions into ' +
    'practice and on spreading what works to other cities.',
  body:
    'The Digital Transition Partnership met for the eleventh time on 14 and ' +
    '15 February 2019 in Luxembourg, with DG CNECT as host.\n\n' +
    'For two days, cities and member states of the partnership worked around one table. ' +
    'ESPON and the Commission’s Data Unit took part, and DG GROW introduced the **Digital ' +
    'Cities Challenge** and what it offers the cities that join it.\n\n' +
    '## What the Commission is preparing\n\n' +
    'Partners were brought up to date on what the European Commission has under way: activities, ' +
    'upcoming policies and funding that is on its way. They also asked how the work of cities and ' +
    'the Commission’s priorities could reinforce each other, in both directions.\n\n' +
    '## Putting the actions into practice\n\n' +
    'Most of the meeting went to the actions of the action plan, whose implementation has now begun. ' +
    'Partners went through the main activities and the tangible results each action is meant to ' +
    'deliver, taking into account the obstacles and changes they have run into.\n\n' +
    'The conclusion everyone shared: implementation must speed up. Where an action stalls, its ' +
    'leaders should ask for expert help, or bring in other cities and member states. DG CNECT ' +
    'underlined how much weight cities carry when they pool their resources towards the same goals.\n\n' +
    '## Beyond the partnership\n\n' +
    'The partnership has also begun to plan how its actions can travel further, so that ' +
    'what it has learned helps other cities, above all smaller ones with fewer means. ' +
    'One idea is a reusable package of lessons from the pilots, for medium-sized and ' +
    'small towns that want to invest in going digital.',
  tags: ['meeting', 'Digital transition', 'implementation', 'Digital Cities Challenge', 'DG CNECT', 'Luxembourg'],
  cs: {
    title: 'Setkání v Lucemburku o provádění a rozšiřování akcí',
    summary:
      'Dva dny v Lucemburku o tom, jak uvést akce partnerství do praxe a jak to, co funguje, přenést do dalších měst.',
    body:
      'Partnerství pro digitální transformaci se sešlo pojedenácté 14. a ' +
      '15. února 2019 v Lucemburku; hostitelem bylo GŘ CNECT.\n\n' +
      'Města a členské státy partnerství pracovaly dva dny u jednoho stolu. Připojily ' +
      'se ESPON a datový útvar Komise a GŘ GROW představilo iniciativu **Digital ' +
      'Cities Challenge** a to, co nabízí městům, která se zapojí.\n\n' +
      '## Co připravuje Komise\n\n' +
      'Partneři se dozvěděli, na čem Evropská komise právě pracuje: probíhající ' +
      'činnosti, připravované politiky a chystané možnosti financování. Probírali také, ' +
      'jak se mohou práce měst a priority Komise vzájemně posilovat.\n\n' +
      '## Akce v praxi\n\n' +
      'Většinu setkání zabraly akce akčního plánu, jejichž provádění právě začalo. ' +
      'Partneři prošli hlavní činnosti a konkrétní výsledky, které má každá akce ' +
      'přinést, s ohledem na překážky a změny, na které narazili.\n\n' +
      'Shodli se, že provádění je třeba zrychlit. Kde se akce zadrhne, mají její vedoucí požádat ' +
      'o pomoc odborníky nebo přizvat další města a členské státy. GŘ CNECT zdůraznilo, jakou ' +
      'váhu mají města, když spojí síly a prostředky pro společné cíle.\n\n' +
      '## Za hranice partnerství\n\n' +
      'Partnerství také začalo plánovat, jak akce přenést dál, aby to, co se naučilo, pomohlo i dalším ' +
      'městům, především menším s menšími prostředky. Jedním z nápadů je soubor poznatků z pilotních ' +
      'projektů, který mohou převzít středně velká a malá města, jež chtějí investovat do digitalizace.',
    tags: ['setkání', 'Digitální transformace', 'provádění', 'Digital Cities Challenge', 'GŘ CNECT', 'Lucemburk'],
  },
};

/** The seed post's attachment: the programme of the meeting, as plain text. */
const SEED_PROGRAMME = {
  name: 'programme-luxembourg-2019.txt',
  description: 'The programme of the two days in Luxembourg.',
  content: Buffer.from(
    [
      'Digital Transition Partnership: 11th partnership meeting',
      'Luxembourg, 14 and 15 February 2019, hosted by DG CNECT',
      '',
      'Day 1',
      '- Welcome by DG CNECT',
      '- What the European Commission has under way: activities, upcoming policies and funding',
      '- The Digital Cities Challenge, presented by DG GROW',
      '- How the work of cities and the Commission’s priorities can reinforce each other',
      '',
      'Day 2',
      '- The actions of the action plan: main activities, expected results, obstacles and changes',
      '- Speeding up implementation: expert help, and other cities and member states joining in',
      '- Beyond the partnership: a reusable package of lessons for medium-sized and small towns',
      '',
    ].join('\n'),
  ),
};

const MORE: DemoPost[] = [
  {
    partnership: 'digital-transition',
    slug: 'kick-off-in-oulu',
    author: 'aino-lehtonen',
    at: '2017-02-20T10:00:00+01:00',
    title: 'Kick-off in Oulu',
    summary: 'The partnership started its work in the north of Finland.',
    body:
      'Partners met in **Oulu** for the first time and agreed on how ' +
      'they will work together over the coming three years.',
    tags: ['meeting', 'Digital transition'],
  },
  {
    partnership: 'digital-transition',
    slug: 'second-meeting-in-sofia',
    author: 'elena-dimitrova',
    at: '2017-06-28T12:00:00+02:00',
    title: 'Second meeting in Sofia',
    summary: 'Sofia hosted the partners to narrow down the themes of the orientation paper.',
    body:
      'The partners chose the themes they will work on, from digital skills ' +
      'to open data, and split into small working groups.',
    tags: ['meeting', 'Digital transition'],
  },
  {
    partnership: 'digital-transition',
    slug: 'have-your-say-on-the-draft-action-plan',
    author: 'mart-kivilo',
    at: '2018-03-08T09:00:00+01:00',
    title: 'Have your say on the draft action plan',
    summary: 'The draft action plan is open for public feedback until 16 March.',
    body:
      'Anyone may comment on the draft action plan until **16 March 2018**. ' +
      'Every comment will be read before the plan is finalised.',
    tags: ['action plan', 'Digital transition'],
  },
  {
    partnership: 'digital-transition',
    slug: 'action-plan-finalised-in-eindhoven',
    author: 'kadri-saar',
    at: '2018-05-30T15:00:00+02:00',
    title: 'Action plan finalised in Eindhoven',
    summary: 'Partners agreed on the final list of actions at their eighth meeting.',
    body: 'In Eindhoven, partners settled the final wording of the actions and named a leader for each of them.',
    tags: ['meeting', 'action plan'],
  },
  {
    partnership: 'digital-transition',
    slug: 'twelfth-meeting-in-eindhoven',
    author: 'jussi-pelkonen',
    at: '2019-03-29T11:00:00+01:00',
    title: 'Twelfth meeting back in Eindhoven',
    summary: 'A month after Luxembourg, partners compared progress on each action.',
    body: 'Each action leader showed what has been done since February and what help is still needed.',
    tags: ['meeting', 'implementation'],
  },
  {
    partnership: 'digital-transition',
    slug: 'notes-for-action-leaders',
    author: 'mart-kivilo',
    at: '2019-04-02T09:30:00+02:00',
    title: 'Notes for action leaders',
    summary: 'Internal reminders before the next reporting round.',
    body: 'Please send your short progress report by the end of the month. This note is for members only.',
    tags: ['implementation'],
    membersOnly: true,
  },
  {
    partnership: 'air-quality',
    slug: 'measuring-air-near-schools',
    author: 'marie-thill',
    at: '2018-10-11T10:00:00+02:00',
    title: 'Measuring the air near schools',
    summary: 'Cities compare low-cost sensors placed near school gates.',
    body:
      'Several cities placed low-cost sensors near schools and will ' +
      'share their readings and their doubts about accuracy.',
    tags: ['air quality', 'data'],
  },
  {
    partnership: 'housing',
    slug: 'affordable-housing-and-state-aid',
    author: 'lucia-ferrer-soler',
    at: '2018-06-14T14:00:00+02:00',
    title: 'Affordable housing and the state-aid rules',
    summary: 'The partnership asks for clearer rules on public support for affordable housing.',
    body: 'Partners listed the cases where the state-aid rules hold back social and affordable housing projects.',
    tags: ['housing', 'better regulation'],
  },
  {
    partnership: 'circular-economy',
    slug: 'repair-cafes-as-local-hubs',
    author: 'jonas-bruckner',
    at: '2019-01-22T09:00:00+01:00',
    title: 'Repair cafés as local hubs',
    summary: 'How small repair initiatives can become part of a city’s waste strategy.',
    body:
      'Cities shared how they support repair cafés with rooms, tools and ' +
      'publicity, and what it changes in their waste figures.',
    tags: ['circular economy'],
  },
  {
    partnership: 'urban-mobility',
    slug: 'sharing-data-on-bike-lanes',
    author: 'tomislav-baric',
    at: '2018-11-05T16:00:00+01:00',
    title: 'Sharing data on bike lanes',
    summary: 'A common format for describing cycling infrastructure is on the table.',
    body: 'Partners discussed a shared open data format so that route planners can use every city’s bike lanes.',
    tags: ['mobility', 'data'],
  },
  {
    partnership: 'jobs-and-skills-in-the-local-economy',
    slug: 'skills-for-the-local-economy',
    author: 'nikolai-ganchev',
    at: '2018-09-19T10:00:00+02:00',
    title: 'Skills for the local economy',
    summary: 'What training works for people who want to change jobs within their city.',
    body:
      'Partners compared short training courses run with local employers ' +
      'and what share of learners found work afterwards.',
    tags: ['skills'],
  },
  {
    partnership: 'inclusion-of-migrants-and-refugees',
    slug: 'one-stop-shops-for-newcomers',
    author: 'aurelie-moreau',
    at: '2017-12-12T11:00:00+01:00',
    title: 'One-stop shops for newcomers',
    summary: 'Cities explain how a single desk helps newcomers find housing, courses and work.',
    body: 'A single desk, open in several languages, saves newcomers many trips between offices.',
    tags: ['inclusion'],
  },
  {
    partnership: 'greening-cities',
    slug: 'trees-before-concrete',
    author: 'janis-ozolins',
    at: '2023-05-10T10:00:00+02:00',
    title: 'Trees before concrete',
    summary: 'Partners collect examples of streets that were greened instead of widened.',
    body: 'Cities are asked to send one street they turned green, with a photo description and what it cost.',
    tags: ['greening'],
  },
  {
    partnership: 'digital-transition',
    slug: 'draft-lessons-for-small-towns',
    author: 'eva-novotna',
    at: null,
    title: 'Draft: lessons for small towns',
    summary: 'A first outline, not published yet.',
    body: 'An outline of the lessons package discussed in Luxembourg. *Work in progress.*',
    tags: ['implementation', 'lessons'],
  },
];

/** The demo news: the post of the seed page (English original, Czech translation) and a dozen more. */
export async function seedNews(ctx: ModuleContext): Promise<void> {
  const csLabels = new Map(SEED.tags.map((label, i) => [label, SEED.cs?.tags[i] ?? label]));
  for (const post of [SEED, ...MORE]) {
    const partnershipId = await partnershipIdOf(ctx.db, post.partnership);
    const author = await findUserByHandle(ctx.db, post.author);
    if (partnershipId === null || !author || (await findPostBySlug(ctx.db, partnershipId, post.slug))) continue;
    const publishedAt = post.at === null ? null : new Date(post.at).toISOString();
    const id = await ctx.db.transaction().execute(async (trx) => {
      const id = await insertPost(trx, {
        partnershipId,
        slug: post.slug,
        authorId: author.id,
        originalLang: 'en',
        title: post.title,
        summary: post.summary,
        body: post.body,
        status: publishedAt ? 'published' : 'draft',
        membersOnly: post.membersOnly ?? false,
        publishedAt,
        now: publishedAt ?? undefined,
      });
      if (post.cs) await putTranslation(trx, id, { lang: 'cs', ...post.cs });
      const tagIds = await ensureTags(trx, post.tags, 'en');
      for (const [i, tagId] of tagIds.entries()) {
        const cs = csLabels.get(post.tags[i] ?? '');
        if (cs) await setTagLabel(trx, tagId, 'cs', cs);
      }
      await setTaggings(trx, {
        type: 'post',
        id,
        tagIds,
        publishedAt,
        isPublic: !(post.membersOnly ?? false),
        partnershipId,
      });
      return id;
    });
    // The comment and its reply under the seed post are the comments module's demo data.
    if (post === SEED && ctx.modules.some((m) => m.id === 'comments')) await addDemoComments(ctx, { type: 'post', id });
    if (post === SEED) await attachBytes(ctx, (await findPostById(ctx.db, id))!, author.id, SEED_PROGRAMME);
    if (publishedAt && id) {
      await recordActivity(ctx, {
        partnershipId,
        actorId: author.id,
        kind: 'newsPublished',
        about: { type: 'post', id },
        at: publishedAt,
      });
    }
  }
}
