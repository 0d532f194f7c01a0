/**
 * What `npm run bench` measures. A scenario is a page (or an API list) of Urbis loaded by
 * readers; to measure another, add an entry here (and run it with `--scenario <name>`).
 */
export interface Scenario {
  /** Short name, used on the command line and in the results file name. */
  name: string;
  description: string;
  /**
   * The path to load, or a function that finds it on the running server (for a page whose
   * address depends on the data, e.g. an id: fetch a page, take it from there), given the
   * scenario's request headers (the session cookie of a signed-in one).
   */
  path: string | ((origin: string, headers: Record<string, string>) => Promise<string>);
  /** Request headers sent with every request (also when capturing the bytes for the bare server). */
  headers?: Record<string, string>;
  /** Sign in through the form first, and send the session cookie with every request (a personal page, never cached). */
  signIn?: { email: string; password: string };
  /** Run by `npm run bench` without `--scenario`. */
  default: boolean;
}

/** What a browser sends (Chrome and Firefox today): Urbis answers Brotli or gzip, never zstd (Node 20 has none). */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };
/** A member of the Digital Transition Partnership in the demo (the author of the seed post). */
const MEMBER = { email: 'eva-novotna@demo.urbis.eu', password: 'urbis-demo-2026' };
const PARTNERSHIP = 'digital-transition';
/** The posts `urbis seed --synthetic` always makes for these scenarios. */
const POST_50 = `/en/partnerships/${PARTNERSHIP}/news/bench-50-comments`;
const POST_1000 = `/en/partnerships/${PARTNERSHIP}/news/bench-1000-comments`;
const NEWS_LIST = `/en/partnerships/${PARTNERSHIP}/news`;
const TAG = '/en/tags/digital-transition';
const API_POSTS = `/api/v1/partnerships/${PARTNERSHIP}/posts`;
const MEETINGS = `/en/partnerships/${PARTNERSHIP}/meetings`;
/** The demo's 11th meeting, in Luxembourg: agenda, participants, minutes, decisions, the news post about it. */
const MEETING_11 = `${MEETINGS}/11`;
const ACTIONS = `/en/partnerships/${PARTNERSHIP}/actions`;
/**
 * Action 4 of the demo plan ("Helping cities develop a user-centric e-government model"): leads,
 * deliverables, history, a decision of the 11th meeting.
 */
const ACTION_4 = `${ACTIONS}/4`;
/** The plan's dashboard: by status and theme, progress, late and due deliverables, challenges, stale actions. */
const ACTIONS_DASHBOARD = `${ACTIONS}/dashboard`;
/** The platform's dashboard across every partnership (on the synthetic set: 20 actions in each synthetic one). */
const PLATFORM_ACTIONS = '/en/actions';
/**
 * The lessons the demo's partners wrote (issue 16): the list, and the Helsingborg pilot's lesson (translated
 * into Czech, with sources).
 */
const LESSONS = '/en/lessons';
const LESSON = `${LESSONS}/a-digital-competence-centre-in-the-library-run-with-residents`;
/** The demo's playbook for small cities: its introduction, steps and chapters (four lessons). */
const PLAYBOOK = '/en/playbooks/open-data-and-digital-services-in-a-small-city-where-to-start';
/** The funding register: by default what is forthcoming, open or closing soon, by next deadline. */
const FUNDING = '/en/funding';
/** The register filtered as the seed post's answer links it: open Digital Transition calls cities may apply for. */
const FUNDING_FILTERED = `${FUNDING}?topic=digital-transition&status=open&eligible_kind=city&sort=deadline`;
/** "For my organisation": what the reader's confirmed organisations may apply for. */
const FUNDING_FOR_ME = `${FUNDING}?for=me`;
/** The demo's member from a small city (Litomyšl, CZ; funding.demo.ts SMALL_CITY), for `for=me`. */
const SMALL_CITY_MEMBER = { email: 'tereza-kolarova@demo.urbis.eu', password: 'urbis-demo-2026' };

/**
 * The comments API of the post with 50 comments: the post's id is in no address, but the
 * comment form of its page, signed in, names it (`type=post`, `id=…`).
 */
async function commentsOfPost50(origin: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${origin}${POST_50}`, {
    headers: { cookie: headers.cookie ?? '' },
    signal: AbortSignal.timeout(5_000),
  });
  const html = await response.text();
  const id = /name="type" value="post"\/><input type="hidden" name="id" value="(\d+)"/.exec(html)?.[1];
  if (response.status !== 200 || !id)
    throw new Error(`GET ${POST_50} (signed in) shows no comment form with the post's id`);
  return `/api/v1/posts/${id}/comments`;
}

/** SEED_POST in src/modules/news/news.demo.ts. */
const SEED_SLUG = 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions';

/**
 * The seed post: the demo's news post on the partnership's 11th meeting, in Luxembourg (an
 * attachment, tags, a comment and a reply), found in the partnership's list of posts (the API's,
 * with the reader's session) by its title; on a large data set, where it is not on the first
 * page, by the slug the demo gives it.
 */
async function seedPost(origin: string, headers: Record<string, string>): Promise<string> {
  const init = { headers: { cookie: headers.cookie ?? '' }, signal: AbortSignal.timeout(5_000) };
  const response = await fetch(`${origin}${API_POSTS}`, init);
  const list = (await response.json()) as { items?: { slug: string; title: string }[] };
  const slug = list.items?.find((item) => /^Luxembourg meeting/.test(item.title))?.slug ?? SEED_SLUG;
  const post = await fetch(`${origin}${API_POSTS}/${slug}`, init);
  if (post.status !== 200 || !/^Luxembourg meeting/.test(((await post.json()) as { title?: string }).title ?? ''))
    throw new Error(`the seed post (the Luxembourg meeting) is neither in ${API_POSTS} nor at ${API_POSTS}/${slug}`);
  return `/en/partnerships/${PARTNERSHIP}/news/${slug}`;
}

export const scenarios: readonly Scenario[] = [
  // Signed in: rendered for every request (never cached), from the shared parts and the reader's own.
  {
    name: 'home-signed-in',
    description: 'the home page in English, signed in as a member',
    path: '/en/',
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'news-list-signed-in',
    description: "the Digital Transition Partnership's news list, signed in as a member",
    path: NEWS_LIST,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'seed-post-signed-in',
    description:
      'the demo post on the 11th meeting in Luxembourg (attachment, tags, a comment and a reply), ' +
      'signed in as a member (its author)',
    path: seedPost,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'post-50-signed-in',
    description: 'the post with 50 comments (bench-50-comments), signed in as a member',
    path: POST_50,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'tag-signed-in',
    description:
      'the tag page of "Digital transition" (everything tagged with it, newest first), signed in as a member',
    path: TAG,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'api-posts-signed-in',
    description: "the partnership's posts as JSON (GET /api/v1/partnerships/<slug>/posts), with the member's session",
    path: API_POSTS,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'api-comments-signed-in',
    description:
      'the comments on the post with 50 comments as JSON (GET /api/v1/posts/<id>/comments), with the session',
    path: commentsOfPost50,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'meetings-list-signed-in',
    description: "the Digital Transition Partnership's meetings (upcoming, then past by year), signed in as a member",
    path: MEETINGS,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'meeting-signed-in',
    description:
      'the 11th meeting (agenda, participants, minutes, decisions, the news post about it), signed in as a member',
    path: MEETING_11,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'actions-signed-in',
    description: "the Digital Transition Partnership's action plan (15 actions by theme), signed in as a member",
    path: ACTIONS,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'action-signed-in',
    description: 'Action 4 of the plan (leads, activities, deliverables, challenges, history, decisions), signed in',
    path: ACTION_4,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'actions-dashboard-signed-in',
    description: "the Digital Transition Partnership's action dashboard (charts and tables), signed in as a member",
    path: ACTIONS_DASHBOARD,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'platform-actions-signed-in',
    description: 'the action dashboard of the whole platform (every partnership), signed in as a member',
    path: PLATFORM_ACTIONS,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'funding-signed-in',
    description:
      'the funding register "for my organisation" (/en/funding?for=me), signed in as the member from a small ' +
      'Czech city',
    path: FUNDING_FOR_ME,
    headers: BROWSER,
    signIn: SMALL_CITY_MEMBER,
    default: false,
  },
  {
    name: 'funding-filtered-signed-in',
    description: 'the funding register filtered (topic, status open, eligible kind city, by deadline), signed in',
    path: FUNDING_FILTERED,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'lessons-signed-in',
    description: 'the lessons (newest first, with their filters), signed in as a member',
    path: LESSONS,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'lesson-signed-in',
    description: "a lesson (the Helsingborg pilot's: context, sources, tags, comments), signed in as a member",
    path: LESSON,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'playbook-signed-in',
    description: "the demo's playbook for small cities (introduction, steps, chapters), signed in as a member",
    path: PLAYBOOK,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  // The activity across partnerships (issue 17): the page, a profile with what the person did, and the JSON.
  {
    name: 'activity-signed-in',
    description: 'the activity across partnerships (/activity, 20 lines), signed in as a member',
    path: '/en/activity',
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'profile-signed-in',
    description: "the seed post's author's profile (partnerships, what she did), signed in as a member",
    path: '/en/people/eva-novotna',
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'api-activity-signed-in',
    description: 'the activity across partnerships as JSON (GET /api/v1/activity), with the session',
    path: '/api/v1/activity',
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'post-1000-signed-in',
    description: 'a news post with 1,000 comments (the first 50 threads shown), signed in as a member',
    path: POST_1000,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  // Visitors: the page cache answers, with bytes compressed once.
  {
    name: 'home-br',
    description: 'the home page as a visitor (page cache), as a browser asks for it',
    path: '/en/',
    headers: BROWSER,
    default: true,
  },
  {
    name: 'post-50',
    description: 'the post with 50 comments as a visitor (page cache)',
    path: POST_50,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'news-list',
    description: "the Digital Transition Partnership's news list, as a visitor (page cache)",
    path: NEWS_LIST,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'tag',
    description: 'the tag page of "Digital transition", as a visitor (page cache)',
    path: TAG,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'meetings-list',
    description: "the Digital Transition Partnership's meetings, as a visitor (page cache, kept per minute)",
    path: MEETINGS,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'meeting',
    description: 'the 11th meeting, as a visitor (page cache)',
    path: MEETING_11,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'actions',
    description: "the Digital Transition Partnership's action plan, as a visitor (page cache)",
    path: ACTIONS,
    headers: BROWSER,
    default: false,
  },
  {
    name: 'action',
    description: 'Action 4 of the plan, as a visitor (page cache)',
    path: ACTION_4,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'actions-dashboard',
    description:
      "the Digital Transition Partnership's action dashboard, as a visitor (page cache, kept an hour at most)",
    path: ACTIONS_DASHBOARD,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'platform-actions',
    description: 'the action dashboard of the whole platform, as a visitor (page cache, kept an hour at most)',
    path: PLATFORM_ACTIONS,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'funding',
    description: 'the funding register (forthcoming, open, closing soon; by deadline), as a visitor (page cache)',
    path: FUNDING,
    headers: BROWSER,
    default: false,
  },
  {
    name: 'funding-filtered',
    description:
      'the funding register filtered (topic Digital transition, open, cities may apply, by deadline), ' +
      'as a visitor (page cache)',
    path: FUNDING_FILTERED,
    headers: BROWSER,
    default: false,
  },
  {
    name: 'lessons',
    description: 'the lessons, as a visitor (page cache)',
    path: LESSONS,
    headers: BROWSER,
    default: false,
  },
  {
    name: 'lesson',
    description: "the Helsingborg pilot's lesson, as a visitor (page cache)",
    path: LESSON,
    headers: BROWSER,
    default: false,
  },
  {
    name: 'playbook',
    description: "the demo's playbook for small cities, as a visitor (page cache)",
    path: PLAYBOOK,
    headers: BROWSER,
    default: false,
  },
  // Search (issue 17): the API, which no cache keeps, so that each request runs the query, the
  // visibility rule of every type and the facets.
  {
    name: 'search',
    description: 'one search word, as a visitor (the search API: ranked results and facets, no cache)',
    path: '/api/v1/search?q=digital',
    headers: BROWSER,
    default: false,
  },
  {
    name: 'search-3',
    description: 'three search words, the last a prefix, as a visitor (the search API, no cache)',
    path: '/api/v1/search?q=digital+cities+chall',
    headers: BROWSER,
    default: false,
  },
  {
    name: 'search-signed-in',
    description: 'one search word, signed in as a member (members-only items of her partnerships too)',
    path: '/api/v1/search?q=digital',
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'search-3-signed-in',
    description: 'three search words, the last a prefix, signed in as a member',
    path: '/api/v1/search?q=digital+cities+chall',
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'search-facets',
    description: 'one search word narrowed by two types and a language, as a visitor (the search API)',
    path: '/api/v1/search?q=digital&type=post&type=comment&lang=en',
    headers: BROWSER,
    default: false,
  },
  // Uncompressed: no Accept-Encoding, as a script or a proxy that decompresses might ask.
  {
    name: 'home',
    description: 'the home page as a visitor without Accept-Encoding: uncompressed (page cache)',
    path: '/en/',
    default: false,
  },
  {
    name: 'post-50-plain',
    description: 'the post with 50 comments as a visitor without Accept-Encoding: uncompressed (page cache)',
    path: POST_50,
    default: false,
  },
];

/**
 * The scenarios `--data demo,synthetic` compares by default: pages whose cost would grow with the
 * data if a query were wrong.
 */
export const DATA_SCENARIOS = [
  'news-list-signed-in',
  'post-1000-signed-in',
  'tag-signed-in',
  'meetings-list-signed-in',
  'meeting-signed-in',
  'actions-dashboard-signed-in',
  'platform-actions-signed-in',
  'funding-signed-in',
  'funding-filtered-signed-in',
  'action-signed-in',
];
