// Test support for the funding register's editing tests: the news tests' people (a coordinator and
// members of the Digital Transition Partnership, a member of another, an administrator), plus a
// signed-in person of no partnership and a funding editor of none, each with a browser.
import { createUser } from '../../src/modules/accounts/index.js';
import type { buildTestApp, Engine } from '../helpers/app.js';
import { Browser } from './accounts.js';
import { PASSWORD, setUp, type Role } from './news.js';

export type FundingRole = Role | 'visitor' | 'loner' | 'editor';

/** The demo, with a browser signed in for each role (`loner`: in no partnership; `editor`: a funding editor). */
export async function setUpFunding(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const { urbis, as, ids } = await setUp(t, engine);
  const db = urbis.ctx.db;
  const extra = {} as Record<'loner' | 'editor', number>;
  const browsers = { ...as } as Record<FundingRole, Browser>;
  for (const [i, [role, handle, name]] of (
    [
      ['loner', 'rosa', 'Rosa Lindqvist'],
      ['editor', 'oskar', 'Oskar Brenner'],
    ] as const
  ).entries()) {
    extra[role] = await createUser(db, {
      email: `${handle}@example.eu`,
      handle,
      displayName: name,
      password: PASSWORD,
    });
    if (role === 'editor')
      await db
        .insertInto('funding_editors')
        .values({ user_id: extra[role], granted_at: new Date().toISOString(), granted_by: null })
        .execute();
    const browser = new Browser(urbis.app, { remoteAddress: `10.0.1.${i + 2}` });
    const signedIn = await browser.signIn(`${handle}@example.eu`, PASSWORD);
    if (signedIn.statusCode !== 303) throw new Error(`${handle} could not sign in: ${signedIn.statusCode}`);
    browsers[role] = browser;
  }
  return { urbis, as: browsers, ids: { ...ids, ...extra } };
}

/** A new item's form, whole: a two-stage call of URBACT IV. */
export const NEW_ITEM: Record<string, string> = {
  kind: 'call',
  programme: 'urbact-iv',
  title: 'Small towns data call',
  lang: 'en',
  summary: 'Grants for towns that open their data.',
  body: 'Towns **under 50,000** people.',
  stage: '',
  time_zone: 'Europe/Prague',
  opens_at: '2031-03-01T09:00',
  deadline_0_at: '2031-05-01T17:00',
  deadline_0_label: 'Stage 1',
  deadline_1_at: '2031-09-01T17:00',
  deadline_1_label: 'Stage 2',
  deadline_2_at: '',
  deadline_2_label: '',
  budget_eur: '2 000 000',
  grant_min_eur: '50000',
  grant_max_eur: '200000',
  cofinancing_rate: '80',
  eligible_kinds: 'city',
  eligible_sizes: 'small',
  eligible_countries: 'CZ, sk',
  tags: 'open data, small towns',
  url: 'https://example.eu/call',
  contact: 'calls@example.eu',
  external_id: 'TEST-1',
  explanation: 'Announced today.',
};
