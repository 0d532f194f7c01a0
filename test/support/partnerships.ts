// Test support for tests that need people in a partnership: the partnerships module's inside,
// a demo app with one person in each role of the Digital Transition Partnership, and their sessions.
import assert from 'node:assert/strict';
import type { Urbis } from '../../src/app.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { buildTestApp, cookiesOf, csrfTokenOf, type Engine } from '../helpers/app.js';

export { partnershipIdOf, putPerson };

/** The password of the people `withPartnershipPeople` makes. */
export const PEOPLE_PASSWORD = 'a long enough password';

/**
 * A demo app with Kaja (coordinator) and Lotte (member) of the Digital Transition Partnership,
 * Milan (in no partnership of it) and Inês (administrator); each signs in as `<handle>@example.eu`.
 */
export async function withPartnershipPeople(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  const db = urbis.ctx.db;
  const make = async (handle: string, name: string, isAdmin = false) =>
    createUser(db, { email: `${handle}@example.eu`, handle, displayName: name, password: PEOPLE_PASSWORD, isAdmin });
  const ids = {
    coordinator: await make('kaja', 'Kaja Tamm'),
    member: await make('lotte', 'Lotte Verbeek'),
    outsider: await make('milan', 'Milan Horák'),
    admin: await make('ines', 'Inês Carvalho', true),
  };
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  await putPerson(db, dtp, ids.coordinator, 'coordinator');
  await putPerson(db, dtp, ids.member, 'member');
  return { urbis, ids, dtp };
}

/** Someone who signs in as `<handle>@example.eu` with `password`, with `role` in the partnership `slug`; their id. */
export async function addPerson(
  db: Urbis['ctx']['db'],
  slug: string,
  person: { handle: string; displayName: string; password: string },
  role: 'coordinator' | 'member',
): Promise<number> {
  const id = await createUser(db, { email: `${person.handle}@example.eu`, ...person });
  await putPerson(db, (await partnershipIdOf(db, slug))!, id, role);
  return id;
}

const sessions = new WeakMap<Urbis, Map<string, string>>();

/**
 * Signs `<handle>@example.eu` in through the form, once per app (sign-in is rate-limited per
 * address), and returns the Cookie header of the session.
 */
export async function signInOnce(urbis: Urbis, handle: string, password = PEOPLE_PASSWORD): Promise<string> {
  const known = sessions.get(urbis)?.get(handle);
  if (known) return known;
  const form = await urbis.app.inject('/en/sign-in');
  const cookie = cookiesOf(form);
  const response = await urbis.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email: `${handle}@example.eu`, password, _csrf: csrfTokenOf(form.body) }).toString(),
  });
  assert.equal(response.statusCode, 303, `sign-in of ${handle}`);
  const header = `${cookie}; ${cookiesOf(response)}`;
  if (!sessions.has(urbis)) sessions.set(urbis, new Map());
  sessions.get(urbis)!.set(handle, header);
  return header;
}
