import type { Random } from './random.js';

/**
 * Text for the synthetic data set: titles, Markdown bodies, comments, bios, tags and
 * partnership names, assembled from phrases written for it. It reads like partnership news
 * at a glance, and is cheap to make a million times.
 */

const TOPICS = [
  'open data portals',
  'digital skills for older residents',
  'public Wi-Fi in small towns',
  'e-government forms',
  'digital twins of the city',
  'heat-resilient streets',
  'school streets',
  'district heating',
  'rainwater harvesting',
  'circular procurement',
  'community energy',
  'affordable housing',
  'the night-time economy',
  'urban forests',
  'bike parking',
  'shared mobility hubs',
  'air-quality sensors',
  'participatory budgeting',
  'data protection in city services',
  'local food markets',
  'brownfield regeneration',
  'social inclusion of newcomers',
  'tourist flows',
  'flood warnings',
  'green roofs',
  'building renovation',
  'energy poverty',
  'job matching for young people',
  'language courses',
  'accessible public transport',
  'noise maps',
  'repair cafés',
  'street lighting',
  'river restoration',
  'cultural heritage sites',
  'public procurement of AI',
  'smart parking',
  'waste sorting',
  'cooling centres',
  'cycling data',
];

const CITIES = [
  'Tartu',
  'Oulu',
  'Sofia',
  'Zagreb',
  'Leipzig',
  'Pécs',
  'Cluj-Napoca',
  'Valencia',
  'Esch-sur-Alzette',
  'Eindhoven',
  'Hamburg',
  'Helsingborg',
  'Lisbon',
  'Lyon',
  'Bologna',
  'Ljubljana',
  'Ghent',
  'Aarhus',
  'Tampere',
  'Brno',
  'Košice',
  'Gdańsk',
  'Kaunas',
  'Riga',
  'Limassol',
  'Thessaloniki',
  'Valletta',
  'Cork',
  'Graz',
  'Malmö',
  'Porto',
  'Bilbao',
  'Nantes',
  'Turin',
  'Utrecht',
  'Liège',
  'Plovdiv',
  'Timișoara',
  'Split',
  'Olomouc',
];

const BODIES = [
  'the Commission',
  'the member states',
  'the city networks',
  'the managing authorities',
  'the smaller towns',
  'the action leaders',
  'the observers',
  'the national ministries',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'September',
  'October',
  'November',
  'December',
];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Phrase = (r: Random) => string;

const SENTENCES: Phrase[] = [
  (r) => `${r.pick(CITIES)} has started a pilot on ${r.pick(TOPICS)}, and the first results are encouraging.`,
  (r) => `The working group met ${r.between(2, 9)} times this year to compare notes on ${r.pick(TOPICS)}.`,
  (r) => `Partners agreed to publish their data on ${r.pick(TOPICS)} in one open format by ${r.pick(MONTHS)}.`,
  (r) =>
    `Smaller towns asked for simpler guidance on ${r.pick(TOPICS)}, written for people without a specialist ` +
    `background.`,
  (r) => `${cap(r.pick(BODIES))} explained which funding calls are expected in the coming months.`,
  (r) =>
    `In ${r.pick(CITIES)}, about ${r.between(12, 95)} % of residents now use the new service at least once a month.`,
  () =>
    'The action leaders listed what slowed them down: procurement rules, staff turnover and unclear data ownership.',
  (r) =>
    `A short survey of ${r.between(20, 400)} municipalities showed that ${r.pick(TOPICS)} is now a priority ` +
    `for most of them.`,
  (r) => `${r.pick(CITIES)} and ${r.pick(CITIES)} will exchange staff for two weeks to learn from each other.`,
  () => 'Everyone agreed that results must be easy to reuse, above all by cities with fewer means.',
  (r) => `The draft recommendations on ${r.pick(TOPICS)} are open for comments until the end of ${r.pick(MONTHS)}.`,
  (r) => `Costs came in ${r.between(5, 40)} % below the first estimate, mostly thanks to shared procurement.`,
  () => 'Residents were involved from the start, through workshops, street stalls and an online questionnaire.',
  (r) => `${cap(r.pick(BODIES))} want to see figures before the next meeting, not only stories.`,
  (r) => `The next step is a toolkit on ${r.pick(TOPICS)} that any city can adapt to its own situation.`,
  () => 'Two obstacles came up again and again: outdated IT systems and a lack of trained staff.',
  (r) => `The partnership will present its findings at a conference in ${r.pick(CITIES)} in ${r.pick(MONTHS)}.`,
  () => 'Where an action stalls, its leaders will ask for expert help or bring in other partners.',
  (r) => `${r.pick(CITIES)} shared the tender documents it used, so that others do not have to start from scratch.`,
  (r) => `Monitoring will continue for another ${r.between(6, 36)} months before anyone draws firm conclusions.`,
  (r) => `The evaluation compares ${r.between(3, 12)} cities that took different routes to the same goal.`,
  () => 'A common vocabulary turned out to matter more than a common platform.',
];

const HEADINGS: Phrase[] = [
  () => 'What happened',
  () => 'What we learned',
  () => 'Next steps',
  () => 'Open questions',
  () => 'Figures',
  (r) => `The view from ${r.pick(CITIES)}`,
  (r) => `About ${r.pick(TOPICS)}`,
  () => 'Who took part',
  () => 'Funding',
];

const TITLES: Phrase[] = [
  (r) => `${r.pick(CITIES)} pilots ${r.pick(TOPICS)}`,
  (r) => `What we learned about ${r.pick(TOPICS)} in ${r.pick(CITIES)}`,
  (r) => `${r.between(3, 12)} lessons on ${r.pick(TOPICS)}`,
  (r) => `Call for partners: ${r.pick(TOPICS)}`,
  (r) => `Meeting in ${r.pick(CITIES)} on ${r.pick(TOPICS)}`,
  (r) => `New guidance on ${r.pick(TOPICS)}`,
  (r) => `${cap(r.pick(TOPICS))}: first results`,
  (r) => `Webinar on ${r.pick(TOPICS)} in ${r.pick(MONTHS)}`,
  (r) => `Progress report: ${r.pick(TOPICS)}`,
];

const COMMENT_SENTENCES: Phrase[] = [
  () => 'Thanks for sharing this.',
  () => 'Very useful summary, thank you.',
  (r) => `Do you have figures for ${r.pick(CITIES)} as well?`,
  (r) => `We tried something similar in ${r.pick(CITIES)} and ran into the same procurement problems.`,
  (r) => `Could you share the slides on ${r.pick(TOPICS)}?`,
  (r) => `+1 to the point about ${r.pick(TOPICS)}.`,
  () => 'I am not sure this scales to towns of our size, but it is worth a try.',
  () => 'Who should we contact to join the next round?',
  (r) => `Our council discusses ${r.pick(TOPICS)} next month; this comes at the right time.`,
  () => 'The link to the report does not work for me.',
  () => 'Is there a version of this in other languages?',
  (r) => `How long did the tender take in ${r.pick(CITIES)}?`,
  () => 'Good point. We saw the same thing with our own data.',
  () => 'Agreed, although the costs were higher for us.',
  (r) => `It would help to compare this with what ${r.pick(CITIES)} did.`,
  () => 'Thank you, that answers my question.',
  (r) => `We can host a study visit in ${r.pick(MONTHS)} if there is interest.`,
];

const CS_SENTENCES = [
  'Děkujeme za shrnutí, je to pro nás velmi užitečné.',
  'Máte k dispozici i čísla za menší obce?',
  'U nás jsme narazili na stejné potíže s veřejnými zakázkami.',
  'Příští měsíc o tom jedná naše zastupitelstvo, přichází to tedy v pravou chvíli.',
  'Bylo by dobré porovnat to s tím, co zkusila jiná města.',
  'Partneři se shodli, že výsledky musí být snadno přenositelné do dalších měst.',
  'Pilotní projekt běží od jara a první výsledky jsou povzbudivé.',
  'Obyvatelé se zapojili od začátku prostřednictvím workshopů a online dotazníku.',
  'Dalším krokem je sada nástrojů, kterou si každé město přizpůsobí svým potřebám.',
  'Nejčastějšími překážkami jsou zastaralé informační systémy a nedostatek školených lidí.',
];

const CS_TITLES = [
  'Zpráva z jednání partnerství',
  'Co jsme se naučili',
  'První výsledky pilotního projektu',
  'Výzva pro partnery',
  'Nová doporučení pro města',
];
const CS_TOPICS = [
  'otevřená data',
  'digitální dovednosti seniorů',
  'veřejné Wi-Fi v malých obcích',
  'školní ulice',
  'dálkové vytápění',
  'komunitní energetika',
  'dostupné bydlení',
  'městská zeleň',
  'sdílená mobilita',
  'participativní rozpočet',
];

const ROLE_TITLES = [
  'Policy officer',
  'Project manager',
  'Data analyst',
  'Head of unit',
  'Programme officer',
  'Urban planner',
  'Adviser, digital services',
  'Coordinator, EU projects',
  'Researcher',
  'Communications officer',
];

const BIOS: Phrase[] = [
  (r) => `Works on ${r.pick(TOPICS)} and ${r.pick(TOPICS)} in ${r.pick(CITIES)}.`,
  (r) => `Helps cities reuse what works on ${r.pick(TOPICS)}.`,
  (r) => `Previously in ${r.pick(CITIES)}; now follows ${r.pick(TOPICS)} across the partnership.`,
  () => '',
];

const TAG_QUALIFIERS = [
  'smart',
  'green',
  'open',
  'shared',
  'local',
  'digital',
  'social',
  'circular',
  'public',
  'urban',
  'inclusive',
  'resilient',
  'low-carbon',
  'cross-border',
  'community',
  'accessible',
  'sustainable',
  'data-driven',
  'participatory',
  'affordable',
];
const TAG_SUBJECTS = [
  'lighting',
  'energy',
  'data',
  'mobility',
  'housing',
  'procurement',
  'services',
  'spaces',
  'transport',
  'budgets',
  'heating',
  'infrastructure',
  'tourism',
  'food',
  'water',
  'heritage',
  'skills',
  'innovation',
  'planning',
  'health',
  'labs',
  'platforms',
  'networks',
  'funding',
];

const PARTNERSHIP_THEMES = [
  'Heat-Resilient Neighbourhoods',
  'Smart Harbours',
  'Night-Time Economy',
  'Rivers and Riversides',
  'Ageing Well in Cities',
  'Youth Participation',
  'Shared Mobility Hubs',
  'Public Libraries of the Future',
  'Quiet Cities',
  'Urban Agriculture',
  'Small Towns Online',
  'Cross-Border Commuting',
  'Safe Cycling',
  'Digital Public Services',
  'Local Data Spaces',
  'Coastal Cities',
  'Mountain Towns',
  'Student Cities',
  'Creative Industries',
  'Healthy Streets',
  'Social Economy',
  'Resilient Supply of Water',
  'Renovation Waves',
  'Inclusive Schools',
  'Urban Logistics',
];

/** A sentence of news prose. */
export const sentence = (r: Random): string => r.pick(SENTENCES)(r);

function paragraph(r: Random, min: number, max: number): string {
  const n = r.between(min, max);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(sentence(r));
  return parts.join(' ');
}

export const postTitle = (r: Random): string => r.pick(TITLES)(r);

export const postSummary = (r: Random): string => sentence(r);

/**
 * A Markdown body: an introduction, then one to `maxSections` sections with a heading,
 * paragraphs, sometimes a list, a bold phrase, a quotation or a link.
 */
export function postBody(r: Random, maxSections = 3): string {
  const blocks = [paragraph(r, 2, 4)];
  const sections = r.between(1, maxSections);
  for (let s = 0; s < sections; s++) {
    blocks.push(`## ${r.pick(HEADINGS)(r)}`);
    blocks.push(paragraph(r, 2, 5));
    if (r.chance(0.5)) {
      const items = r.between(3, 5);
      const list: string[] = [];
      for (let i = 0; i < items; i++) list.push(`- ${sentence(r)}`);
      blocks.push(list.join('\n'));
    }
    if (r.chance(0.3)) blocks.push(`**${cap(r.pick(TOPICS))}** ${paragraph(r, 1, 2)}`);
    if (r.chance(0.15)) blocks.push(`> ${sentence(r)}`);
  }
  if (r.chance(0.4))
    blocks.push(`Read more in [the summary report](https://example.eu/reports/${r.between(1000, 9999)}).`);
  return blocks.join('\n\n');
}

/** A post's Czech translation (shorter than the original, as translations often are): title, summary, body. */
export function czechText(r: Random): { title: string; summary: string; body: string } {
  const cs = (n: number) => Array.from({ length: n }, () => r.pick(CS_SENTENCES)).join(' ');
  return {
    title: `${r.pick(CS_TITLES)}: ${r.pick(CS_TOPICS)}`,
    summary: r.pick(CS_SENTENCES),
    body: `${cs(3)}\n\n## Další kroky\n\n${cs(3)}`,
  };
}

/** A comment: one to three sentences, sometimes in two paragraphs; in Czech when `cs`. */
export function commentBody(r: Random, cs = false): string {
  const n = r.between(1, 3);
  let text = '';
  for (let i = 0; i < n; i++) text += (i ? ' ' : '') + (cs ? r.pick(CS_SENTENCES) : r.pick(COMMENT_SENTENCES)(r));
  if (r.chance(0.2)) text += '\n\n' + (cs ? r.pick(CS_SENTENCES) : sentence(r));
  return text;
}

export const bio = (r: Random): string => r.pick(BIOS)(r);

export const roleTitle = (r: Random): string => r.pick(ROLE_TITLES);

/** Why a moderator hid a comment. */
export const hideReason = (r: Random): string =>
  r.pick(['Off topic.', 'Personal data of a third person.', 'Advertising.', 'Insulting another member.']);

/** Why a reader reported a comment. */
export const reportReason = (r: Random): string =>
  r.pick(['Spam.', 'Off topic.', 'Rude.', 'Contains someone’s phone number.', 'Misleading.']);

/**
 * `count` distinct tag labels (`Smart lighting`, `Open data` …), in an order drawn from `r`;
 * beyond the combinations of phrases, numbered ones (`Urban topic 412`).
 */
export function tagLabels(r: Random, count: number): string[] {
  const combos: string[] = [];
  for (const q of TAG_QUALIFIERS) for (const s of TAG_SUBJECTS) combos.push(`${cap(q)} ${s}`);
  r.shuffle(combos);
  const labels = combos.slice(0, count);
  for (let i = labels.length; i < count; i++) labels.push(`Urban topic ${i + 1}`);
  return labels;
}

/** The title of the `n`th synthetic partnership (from 0), and a summary. */
export function partnershipText(r: Random, n: number): { title: string; summary: string } {
  const theme = PARTNERSHIP_THEMES[n % PARTNERSHIP_THEMES.length] ?? 'Urban Topics';
  const round = Math.floor(n / PARTNERSHIP_THEMES.length);
  return {
    title: round === 0 ? theme : `${theme} ${round + 1}`,
    summary: `A synthetic partnership for benchmarks. ${sentence(r)}`,
  };
}

/** Spoken languages of a person, as ISO 639-1 codes. */
export function languages(r: Random): string[] {
  const codes = [
    'en',
    'fr',
    'de',
    'it',
    'es',
    'pt',
    'nl',
    'pl',
    'cs',
    'sk',
    'hu',
    'ro',
    'bg',
    'hr',
    'sl',
    'el',
    'sv',
    'da',
    'fi',
    'et',
    'lv',
    'lt',
    'mt',
    'ga',
  ];
  const own = r.pick(codes);
  const list = [own];
  if (own !== 'en') list.push('en');
  if (r.chance(0.4)) {
    const other = r.pick(codes);
    if (!list.includes(other)) list.push(other);
  }
  return list;
}
