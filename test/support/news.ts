// Test support for the news and tags tests: a demo app with people in each role of the
// Digital Transition Partnership, each with a browser of their own.
import type { Urbis } from '../../src/app.js';
import { buildTestApp, type Engine } from '../helpers/app.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { Browser } from './accounts.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';

export const PASSWORD = 'a long enough password for tests';
export const SEED =
  '/partnerships/digital-transition/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions';
export const MEMBERS_ONLY = '/partnerships/digital-transition/news/notes-for-action-leaders';
export const DRAFT = '/partnerships/digital-transition/news/draft-lessons-for-small-towns';

export type Role = 'coordinator' | 'member' | 'otherMember' | 'outsider' | 'admin';

export async function setUp(
  t: Parameters<typeof buildTestApp>[0],
  engine: Engine,
  env?: Record<string, string>,
): Promise<{ urbis: Urbis; as: Record<Role | 'visitor', Browser>; ids: Record<Role, number> }> {
  const urbis = await buildTestApp(t, engine, { demo: true, ...(env ? { env } : {}) });
  const db = urbis.ctx.db;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const air = (await partnershipIdOf(db, 'air-quality'))!;
  const people: [Role, string, string][] = [
    ['coordinator', 'kaja', 'Kaja Tamm'],
    ['member', 'lotte', 'Lotte Verbeek'],
    ['otherMember', 'pavel', 'Pavel Dvořák'],
    ['outsider', 'milan', 'Milan Horák'],
    ['admin', 'ines', 'Inês Carvalho'],
  ];
  const ids = {} as Record<Role, number>;
  const as = { visitor: new Browser(urbis.app, { remoteAddress: '10.0.0.1' }) } as Record<Role | 'visitor', Browser>;
  for (const [i, [role, handle, name]] of people.entries()) {
    ids[role] = await createUser(db, {
      email: `${handle}@example.eu`,
      handle,
      displayName: name,
      password: PASSWORD,
      isAdmin: role === 'admin',
    });
    if (role === 'coordinator') await putPerson(db, dtp, ids[role], 'coordinator');
    if (role === 'member' || role === 'otherMember') await putPerson(db, dtp, ids[role], 'member');
    if (role === 'outsider') await putPerson(db, air, ids[role], 'member');
    const browser = new Browser(urbis.app, { remoteAddress: `10.0.0.${i + 2}` });
    const signedIn = await browser.signIn(`${handle}@example.eu`, PASSWORD);
    if (signedIn.statusCode !== 303) throw new Error(`${handle} could not sign in: ${signedIn.statusCode}`);
    as[role] = browser;
  }
  return { urbis, as, ids };
}

/** Text with every kind of space as one plain space (Intl uses U+00A0 and U+202F in dates). */
export const spaces = (text: string): string => text.replace(/[\u00a0\u202f\s]+/g, ' ');

/**
 * Pages that show something clock-dependent (news lists, "upcoming") are cached no later than
 * the end of the current minute. A test that expects a page to stay cached for a few steps
 * starts well inside a minute: within the last `seconds` of one it waits for the next.
 */
export async function clearOfMinuteEdge(seconds = 15): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
