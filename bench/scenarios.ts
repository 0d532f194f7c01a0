/**
 * What `npm run bench` measures. A scenario is a page of Urbis loaded by visitors; to measure
 * another page, add an entry here (and run it with `--scenario <name>`).
 */
export interface Scenario {
  /** Short name, used on the command line and in the results file name. */
  name: string;
  description: string;
  /**
   * The path to load, or a function that finds it on the running server (for a page whose
   * address depends on the data, e.g. "the first news post": fetch a list, take a link).
   */
  path: string | ((origin: string) => Promise<string>);
  /** Request headers sent with every request (also when capturing the bytes for the bare server). */
  headers?: Record<string, string>;
  /** Sign in through the form first, and send the session cookie with every request (a personal page, never cached). */
  signIn?: { email: string; password: string };
  /** Run by `npm run bench` without `--scenario`. */
  default: boolean;
}

/** As a browser asks. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
/** A member of the Digital Transition Partnership in the demo (the author of the seed post). */
const MEMBER = { email: 'eva-novotna@demo.urbis.eu', password: 'urbis-demo-2026' };
/** The posts `urbis seed --synthetic` always makes for these scenarios. */
const POST_50 = '/en/partnerships/digital-transition/news/bench-50-comments';
const POST_1000 = '/en/partnerships/digital-transition/news/bench-1000-comments';
const NEWS_LIST = '/en/partnerships/digital-transition/news';
const TAG = '/en/tags/digital-transition';

export const scenarios: readonly Scenario[] = [
  {
    name: 'home',
    description: 'the home page in English, as a visitor without cookies, uncompressed',
    path: '/en/',
    default: true,
  },
  {
    name: 'home-br',
    description:
      'the home page as a browser asks for it (Accept-Encoding: br, gzip); the bare server returns the same compressed bytes',
    path: '/en/',
    headers: BROWSER,
    default: false,
  },
  {
    name: 'post-50',
    description: 'a news post with 50 comments, as a visitor (served from the page cache), as a browser asks (Brotli)',
    path: POST_50,
    headers: BROWSER,
    default: true,
  },
  {
    name: 'post-50-plain',
    description: 'the same post with 50 comments, as a visitor, uncompressed',
    path: POST_50,
    default: false,
  },
  {
    name: 'post-50-signed-in',
    description:
      "the same post with 50 comments, signed in as a member (personal: rendered for every request, from the shared parts and the reader's own)",
    path: POST_50,
    headers: BROWSER,
    signIn: MEMBER,
    default: true,
  },
  {
    name: 'news-list-signed-in',
    description: "the Digital Transition Partnership's news list (20 posts), signed in as a member (not cached)",
    path: NEWS_LIST,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'post-1000-signed-in',
    description: 'a news post with 1,000 comments (the first 50 threads shown), signed in as a member (not cached)',
    path: POST_1000,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'tag-signed-in',
    description:
      'the tag page of "Digital transition" (everything tagged with it, newest first), signed in as a member (not cached)',
    path: TAG,
    headers: BROWSER,
    signIn: MEMBER,
    default: false,
  },
  {
    name: 'news-list',
    description: "the Digital Transition Partnership's news list, as a visitor (page cache)",
    path: NEWS_LIST,
    headers: BROWSER,
    default: false,
  },
  {
    name: 'tag',
    description: 'the tag page of "Digital transition", as a visitor (page cache)',
    path: TAG,
    headers: BROWSER,
    default: false,
  },
];

/** The scenarios `--data demo,synthetic` compares by default: pages whose cost grows with the data unless queries are right. */
export const DATA_SCENARIOS = ['news-list-signed-in', 'post-1000-signed-in', 'tag-signed-in'];
