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
  /** Run by `npm run bench` without `--scenario`. */
  default: boolean;
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'home',
    description: 'the home page in English, as a visitor without cookies, uncompressed',
    path: '/en/',
    default: true,
  },
  {
    name: 'home-br',
    description: 'the home page as a browser asks for it (Accept-Encoding: br, gzip); the bare server returns the same compressed bytes',
    path: '/en/',
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    default: false,
  },
];
