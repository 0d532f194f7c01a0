import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../src/modules/partnerships/membership.queries.js';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine } from './helpers/app.js';

/**
 * Deny by default, checked: every route the application registers, and what each role gets
 * from it. A route that is not in this table fails the first test, so a new route cannot
 * ship without someone deciding who may use it.
 *
 * To add a role (partnership member, coordinator, moderator…): add it to `ROLES`, say how a
 * test becomes it in `becomeRole`, and TypeScript will ask for its column in every row.
 */
const ROLES = ['visitor', 'user', 'outsider', 'member', 'moderator', 'coordinator', 'admin'] as const;
type Role = (typeof ROLES)[number];

/**
 * What a role gets: a status, and for redirects the Location, as `'303 /en/'`. A Location
 * ending in `…` only has to start with what comes before.
 */
type Outcome = `${number}` | `${number} ${string}`;

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as registered. */
  route: string;
  /** An address that reaches it (a function when it depends on the run). */
  url: string | ((run: Run) => string);
  /** For POST: the form fields (the CSRF token is added). */
  form?: Record<string, string>;
  /** True when the request ends the role's session, so it runs last. */
  endsSession?: boolean;
  expect: Record<Role, Outcome>;
}

interface Run {
  app: FastifyInstance;
  /** The hashed URL of the style sheet. */
  stylesheet: string;
}

const SIGN_IN_NEXT = (path: string): Outcome => `303 /en/sign-in?next=${encodeURIComponent(path)}`;
const everyone = (outcome: Outcome): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
/**
 * Outcomes where the partnership roles (of the Digital Transition Partnership; `outsider`
 * is a member of another partnership) get what any signed-in user gets, unless said.
 */
const by = (
  outcomes: Pick<Record<Role, Outcome>, 'visitor' | 'user' | 'admin'> & Partial<Record<Role, Outcome>>,
): Record<Role, Outcome> => ({
  outsider: outcomes.user,
  member: outcomes.user,
  moderator: outcomes.user,
  coordinator: outcomes.user,
  ...outcomes,
});
/** Coordinators' pages: a visitor is sent to sign in, anyone but a coordinator or admin gets 404. */
const COORDINATORS = (visitor: Outcome, allowed: Outcome): Record<Role, Outcome> =>
  by({ visitor, user: '404', coordinator: allowed, admin: allowed });
/** Matchmaking's pages: people of any partnership (`outsider` too) are its peers; `user` belongs to none. */
const PEERS = (visitor: Outcome, peer: Outcome, admin: Outcome): Record<Role, Outcome> =>
  by({ visitor, user: '404', outsider: peer, member: peer, moderator: peer, coordinator: peer, admin });
/** Members-only content: members and admins see it; for everyone else it does not exist. */
const MEMBERS = by({ visitor: '404', user: '404', member: '200', moderator: '200', coordinator: '200', admin: '200' });
const DTP = '/en/partnerships/digital-transition';
const SEED_POST = `${DTP}/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions`;
/** The demo's lessons: a published one (by a demo member), and one waiting for the coordinators' review. */
const LESSON = 'a-digital-competence-centre-in-the-library-run-with-residents';
const LESSON_IN_REVIEW = 'neighbourhood-help-desks-with-the-5g-test-network-s-start-ups';
/** The demo's playbook (published, by a coordinator of the Digital Transition Partnership). */
const PLAYBOOK = 'open-data-and-digital-services-in-a-small-city-where-to-start';

const TABLE: Row[] = [
  // The kernel
  { method: 'GET', route: '/', url: '/', expect: everyone('302 /en/') },
  { method: 'GET', route: '/:lang', url: '/cs', expect: everyone('301 /cs/') },
  {
    method: 'GET',
    route: '/language/:code',
    url: '/language/cs?path=/partnerships',
    expect: everyone('303 /cs/partnerships'),
  },
  { method: 'GET', route: '/assets/:file', url: (run) => run.stylesheet, expect: everyone('200') },
  { method: 'GET', route: '/healthz', url: '/healthz', expect: everyone('200') },
  { method: 'GET', route: '/api/openapi.json', url: '/api/openapi.json', expect: everyone('200') },
  // site
  { method: 'GET', route: '/:lang/', url: '/en/', expect: everyone('200') },
  { method: 'GET', route: '/:lang/accessibility', url: '/cs/accessibility', expect: everyone('200') },
  { method: 'GET', route: '/:lang/api', url: '/en/api', expect: everyone('200') },
  // accounts
  // Already signed in: sent on (home, or a safe `next`), not told the page is not there.
  {
    method: 'GET',
    route: '/:lang/sign-in',
    url: '/en/sign-in',
    expect: by({ visitor: '200', user: '303 /en/', admin: '303 /en/' }),
  },
  {
    method: 'POST',
    route: '/:lang/sign-in',
    url: '/en/sign-in',
    form: {},
    expect: by({ visitor: '400', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/sign-out',
    url: '/en/sign-out',
    form: {},
    endsSession: true,
    expect: by({ visitor: '404', user: '303 /en/', admin: '303 /en/' }),
  },
  {
    method: 'GET',
    route: '/:lang/register',
    url: '/en/register',
    expect: by({ visitor: '200', user: '303 /en/', admin: '303 /en/' }),
  },
  // Empty forms: a visitor is told what is missing; signed-in people get nothing.
  {
    method: 'POST',
    route: '/:lang/register',
    url: '/en/register',
    form: {},
    expect: by({ visitor: '400', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/register/resend',
    url: '/en/register/resend',
    form: {},
    expect: by({ visitor: '400', user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/password/forgot',
    url: '/en/password/forgot',
    expect: by({ visitor: '200', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/password/forgot',
    url: '/en/password/forgot',
    form: {},
    expect: by({ visitor: '400', user: '404', admin: '404' }),
  },
  // Links from mails: an unknown token is "this link does not work", whoever opens it.
  { method: 'GET', route: '/:lang/confirm/:token', url: `/en/confirm/${'x'.repeat(43)}`, expect: everyone('404') },
  {
    method: 'POST',
    route: '/:lang/confirm/:token',
    url: `/en/confirm/${'x'.repeat(43)}`,
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'GET',
    route: '/:lang/password/reset/:token',
    url: `/en/password/reset/${'x'.repeat(43)}`,
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/:lang/password/reset/:token',
    url: `/en/password/reset/${'x'.repeat(43)}`,
    form: {},
    expect: everyone('404'),
  },
  // One's own settings: signed-in people only; an empty form is told what is missing.
  {
    method: 'GET',
    route: '/:lang/settings/account',
    url: '/en/settings/account',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/account'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/account/email',
    url: '/en/settings/account/email',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/account/password',
    url: '/en/settings/account/password',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/account/sessions/end-others',
    url: '/en/settings/account/sessions/end-others',
    form: {},
    expect: by({
      visitor: '404',
      user: '303 /en/settings/account?notice=signedOutElsewhere',
      admin: '303 /en/settings/account?notice=signedOutElsewhere',
    }),
  },
  // The password asked again before a sensitive setting (a sign-in older than 30 minutes).
  {
    method: 'GET',
    route: '/:lang/settings/confirm',
    url: '/en/settings/confirm',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/confirm'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/confirm',
    url: '/en/settings/confirm',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  {
    method: 'GET',
    route: '/:lang/settings/tokens',
    url: '/en/settings/tokens',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/tokens'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/tokens',
    url: '/en/settings/tokens',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  // A token that is not one's own (here: none) cannot be revoked.
  {
    method: 'POST',
    route: '/:lang/settings/tokens/:id/revoke',
    url: '/en/settings/tokens/999999/revoke',
    form: {},
    expect: everyone('404'),
  },
  // funding: following an item, a programme or a topic (signed-in people: funding.follow.test.ts). In
  // order: the page, the list, a follow by form, the API's one thing, a stop by form, the API's PUT and DELETE.
  {
    method: 'GET',
    route: '/:lang/funding/following',
    url: '/en/funding/following',
    expect: by({ visitor: SIGN_IN_NEXT('/en/funding/following'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/funding/follows',
    url: '/api/v1/funding/follows',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/funding/follows',
    url: '/en/funding/follows',
    form: { type: 'topic', key: 'digital-transition', back: '/en/funding?topic=digital-transition' },
    expect: by({
      visitor: '404',
      user: '303 /en/funding?topic=digital-transition',
      admin: '303 /en/funding?topic=digital-transition',
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/funding/follows/:type/:key',
    url: '/api/v1/funding/follows/topic/digital-transition',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/funding/follows/remove',
    url: '/en/funding/follows/remove',
    form: { type: 'topic', key: 'digital-transition' },
    expect: by({
      visitor: '404',
      user: '303 /en/funding/following?unfollowed=topic:digital-transition',
      admin: '303 /en/funding/following?unfollowed=topic:digital-transition',
    }),
  },
  {
    method: 'PUT',
    route: '/api/v1/funding/follows/:type/:key',
    url: '/api/v1/funding/follows/programme/horizon-europe',
    form: {},
    expect: by({ visitor: '401', user: '201', admin: '201' }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/funding/follows/:type/:key',
    url: '/api/v1/funding/follows/programme/horizon-europe',
    expect: by({ visitor: '401', user: '204', admin: '204' }),
  },
  // follows: what I follow, the buttons' forms and the API per thing (person 1: the demo's first account),
  // in this order: the page, the list, a follow by form, the API's one thing, a stop by form, PUT, DELETE.
  {
    method: 'GET',
    route: '/:lang/follows',
    url: '/en/follows',
    expect: by({ visitor: SIGN_IN_NEXT('/en/follows'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/follows',
    url: '/api/v1/follows',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/follows',
    url: '/en/follows',
    form: { type: 'person', id: '1', back: '/en/people/admin' },
    expect: by({ visitor: '404', user: '303 /en/people/admin', admin: '303 /en/people/admin' }),
  },
  {
    method: 'GET',
    route: '/api/v1/follows/:type/:id',
    url: '/api/v1/follows/person/1',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/follows/remove',
    url: '/en/follows/remove',
    form: { type: 'person', id: '1' },
    expect: by({ visitor: '404', user: '303 /en/follows?done=unfollowed', admin: '303 /en/follows?done=unfollowed' }),
  },
  {
    method: 'PUT',
    route: '/api/v1/follows/:type/:id',
    url: '/api/v1/follows/person/1',
    form: {},
    expect: by({ visitor: '401', user: '201', admin: '201' }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/follows/:type/:id',
    url: '/api/v1/follows/person/1',
    expect: by({ visitor: '401', user: '204', admin: '204' }),
  },
  // funding's feeds: public items for everyone, the register's query (funding.feeds.test.ts).
  { method: 'GET', route: '/:lang/funding/deadlines.ics', url: '/en/funding/deadlines.ics', expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/funding/deadlines.ics',
    url: '/api/v1/funding/deadlines.ics?topic=digital-transition',
    expect: everyone('200'),
  },
  { method: 'GET', route: '/:lang/funding/feed.atom', url: '/en/funding/feed.atom', expect: everyone('200') },
  // funding's register: the list, an item, the programmes, each page and its JSON twin; published items
  // for everyone (suggested ones and "for my organisation": funding.register.test.ts).
  { method: 'GET', route: '/:lang/funding', url: '/en/funding?topic=digital-transition', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/funding', url: '/api/v1/funding?for=me&status=open', expect: everyone('200') },
  { method: 'GET', route: '/:lang/funding/:id', url: '/cs/funding/1', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/funding/:id', url: '/api/v1/funding/1', expect: everyone('200') },
  { method: 'GET', route: '/:lang/funding/programmes', url: '/en/funding/programmes', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/programmes', url: '/api/v1/programmes', expect: everyone('200') },
  { method: 'GET', route: '/:lang/funding/topics', url: '/cs/funding/topics', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/funding/topics', url: '/api/v1/funding/topics', expect: everyone('200') },
  {
    method: 'GET',
    route: '/:lang/funding/programmes/:slug',
    url: '/cs/funding/programmes/urbact-iv',
    expect: everyone('200'),
  },
  { method: 'GET', route: '/api/v1/programmes/:slug', url: '/api/v1/programmes/eui', expect: everyone('200') },
  // meetings: one's private calendar address (made, shown once, replaced, revoked), the page and the API.
  {
    method: 'GET',
    route: '/:lang/settings/calendar',
    url: '/en/settings/calendar',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/calendar'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/settings/calendar',
    url: '/api/v1/settings/calendar',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/api/v1/settings/calendar',
    url: '/api/v1/settings/calendar',
    form: {},
    expect: by({ visitor: '401', user: '201', admin: '201' }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/settings/calendar',
    url: '/api/v1/settings/calendar',
    expect: by({ visitor: '401', user: '204', admin: '204' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/calendar',
    url: '/en/settings/calendar',
    form: {},
    expect: by({ visitor: '404', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/calendar/revoke',
    url: '/en/settings/calendar/revoke',
    form: {},
    expect: by({
      visitor: '404',
      user: '303 /en/settings/calendar?notice=revoked',
      admin: '303 /en/settings/calendar?notice=revoked',
    }),
  },
  // One's time zone: signed-in people only; an empty form or body is told what is missing.
  {
    method: 'GET',
    route: '/:lang/settings/time-zone',
    url: '/en/settings/time-zone',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/time-zone'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/time-zone',
    url: '/en/settings/time-zone',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  {
    method: 'GET',
    route: '/api/v1/settings/time-zone',
    url: '/api/v1/settings/time-zone',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'PUT',
    route: '/api/v1/settings/time-zone',
    url: '/api/v1/settings/time-zone',
    form: {},
    expect: by({ visitor: '401', user: '400', admin: '400' }),
  },
  // A private feed's token that is not (or no longer) one: nobody learns anything.
  { method: 'GET', route: '/calendar/:file', url: `/calendar/${'A'.repeat(43)}.ics`, expect: everyone('404') },
  {
    method: 'GET',
    route: '/:lang/settings/privacy',
    url: '/en/settings/privacy',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/privacy'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/:lang/settings/privacy/export',
    url: '/en/settings/privacy/export',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/privacy/export'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/settings/privacy/delete',
    url: '/en/settings/privacy/delete',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  { method: 'GET', route: '/api/v1/me', url: '/api/v1/me', expect: by({ visitor: '401', user: '200', admin: '200' }) },
  // partnerships
  { method: 'GET', route: '/:lang/partnerships', url: '/en/partnerships', expect: everyone('200') },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug',
    url: '/cs/partnerships/digital-transition',
    expect: everyone('200'),
  },
  { method: 'GET', route: '/api/v1/partnerships', url: '/api/v1/partnerships', expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug',
    url: '/api/v1/partnerships/digital-transition',
    expect: everyone('200'),
  },
  // organisations
  { method: 'GET', route: '/:lang/organisations', url: '/en/organisations', expect: everyone('200') },
  { method: 'GET', route: '/:lang/organisations/:slug', url: '/en/organisations/cemr', expect: everyone('200') },
  {
    method: 'GET',
    route: '/:lang/organisations/new',
    url: '/en/organisations/new',
    expect: by({ visitor: SIGN_IN_NEXT('/en/organisations/new'), user: '404', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/:lang/organisations/:slug/edit',
    url: '/en/organisations/cemr/edit',
    expect: by({ visitor: SIGN_IN_NEXT('/en/organisations/cemr/edit'), user: '404', admin: '200' }),
  },
  // An empty form: an administrator is told what is missing, nobody else gets that far.
  {
    method: 'POST',
    route: '/:lang/organisations',
    url: '/en/organisations',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/:lang/organisations/:slug',
    url: '/en/organisations/cemr',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  },
  { method: 'GET', route: '/api/v1/organisations', url: '/api/v1/organisations', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/organisations/:slug', url: '/api/v1/organisations/cemr', expect: everyone('200') },
  // An incomplete body: an administrator gets the problem with its fields; a visitor is asked to authenticate.
  {
    method: 'POST',
    route: '/api/v1/organisations',
    url: '/api/v1/organisations',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '400' }),
  },
  // Affiliation claims: coordinators of a partnership the organisation (Oulu) belongs to, and administrators.
  {
    method: 'GET',
    route: '/:lang/organisations/claims',
    url: '/en/organisations/claims',
    expect: by({ visitor: SIGN_IN_NEXT('/en/organisations/claims'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/:lang/organisations/:slug/claims',
    url: '/en/organisations/oulu/claims',
    expect: COORDINATORS(SIGN_IN_NEXT('/en/organisations/oulu/claims'), '200'),
  },
  {
    method: 'GET',
    route: '/api/v1/organisations/claims',
    url: '/api/v1/organisations/claims',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/organisations/:slug/claims',
    url: '/api/v1/organisations/oulu/claims',
    expect: COORDINATORS('401', '200'),
  },
  // Nobody claimed Oulu here: a decision finds nothing to decide, for everyone.
  {
    method: 'POST',
    route: '/:lang/organisations/:slug/claims/:handle',
    url: '/en/organisations/oulu/claims/nobody-here',
    form: { decision: 'confirm' },
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/:slug/claims/:handle',
    url: '/api/v1/organisations/oulu/claims/nobody-here',
    form: { decision: 'confirm' },
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // Proposed organisations: anyone signed in proposes (an empty form is marked), administrators review.
  {
    method: 'GET',
    route: '/:lang/organisations/propose',
    url: '/en/organisations/propose',
    expect: by({ visitor: SIGN_IN_NEXT('/en/organisations/propose'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/organisations/propose',
    url: '/en/organisations/propose',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/proposals',
    url: '/api/v1/organisations/proposals',
    form: {},
    expect: by({ visitor: '401', user: '400', admin: '400' }),
  },
  {
    method: 'GET',
    route: '/:lang/organisations/proposals',
    url: '/en/organisations/proposals',
    expect: by({ visitor: SIGN_IN_NEXT('/en/organisations/proposals'), user: '404', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/organisations/proposals',
    url: '/api/v1/organisations/proposals',
    expect: by({ visitor: '401', user: '404', admin: '200' }),
  },
  // Oulu is approved already: there is nothing to review.
  {
    method: 'POST',
    route: '/:lang/organisations/:slug/review',
    url: '/en/organisations/oulu/review',
    form: { decision: 'approve' },
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/:slug/review',
    url: '/api/v1/organisations/oulu/review',
    form: { decision: 'approve' },
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // people
  { method: 'GET', route: '/:lang/people/:handle', url: '/cs/people/eva-novotna', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/people/:handle', url: '/api/v1/people/eva-novotna', expect: everyone('200') },
  {
    method: 'GET',
    route: '/:lang/settings/profile',
    url: '/en/settings/profile',
    expect: by({ visitor: SIGN_IN_NEXT('/en/settings/profile'), user: '200', admin: '200' }),
  },
  // An empty form: a signed-in person is told the display name is missing; visitors get nothing.
  {
    method: 'POST',
    route: '/:lang/settings/profile',
    url: '/en/settings/profile',
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  { method: 'GET', route: '/:lang/terms', url: '/en/terms', expect: everyone('200') },
  { method: 'GET', route: '/:lang/privacy', url: '/cs/privacy', expect: everyone('200') },
  // partnership membership
  { method: 'GET', route: '/:lang/partnerships/:slug/members', url: `${DTP}/members`, expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/members',
    url: '/api/v1/partnerships/digital-transition/members',
    expect: everyone('200'),
  },
  // The partnership's pages the reader may see (members-only ones for members): everyone gets the list.
  { method: 'GET', route: '/:lang/partnerships/:slug/pages', url: `${DTP}/pages`, expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/pages',
    url: '/api/v1/partnerships/digital-transition/pages',
    expect: everyone('200'),
  },
  { method: 'GET', route: '/:lang/partnerships/:slug/pages/:page', url: `${DTP}/pages/working-notes`, expect: MEMBERS },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/pages/:page',
    url: '/api/v1/partnerships/digital-transition/pages/working-notes',
    expect: MEMBERS,
  },
  // Asking again, or asking while a member, is answered the same way: back to the page.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/join',
    url: `${DTP}/join`,
    form: {},
    expect: by({ visitor: '404', user: '303', admin: '303' }),
  },
  // Leaving a partnership one is not in changes nothing.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/leave',
    url: '/en/partnerships/housing/leave',
    form: {},
    expect: by({ visitor: '404', user: '303', admin: '303' }),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/manage',
    url: `${DTP}/manage`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/manage`), '200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit',
    url: `${DTP}/edit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit`), '200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/audit',
    url: `${DTP}/audit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/audit`), '200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/audit',
    url: '/api/v1/partnerships/digital-transition/audit',
    expect: COORDINATORS('401', '200'),
  },
  // Empty forms: a coordinator is told what is wrong; nobody else learns the form exists.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/edit',
    url: `${DTP}/edit`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/requests/:id',
    url: `${DTP}/requests/1`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/invitations',
    url: `${DTP}/invitations`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  // The manage page's one save (C, issue 12): an empty table changes nothing.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/people',
    url: `${DTP}/people`,
    form: {},
    expect: COORDINATORS('404', `303 ${DTP}/manage?done=unchanged#people`),
  },
  // Revoking an invitation that is not there (or no longer pending) changes nothing, and says so.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/invitations/:id/revoke',
    url: `${DTP}/invitations/999999/revoke`,
    form: {},
    expect: COORDINATORS('404', `303 ${DTP}/manage?done=not-revoked#invitations`),
  },
  // Leaving asks first: the question is for members; there is nothing to leave for anyone else.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/leave',
    url: `${DTP}/leave`,
    expect: by({
      visitor: SIGN_IN_NEXT(`${DTP}/leave`),
      user: '404',
      member: '200',
      moderator: '200',
      coordinator: '200',
      admin: '404',
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/manage',
    url: '/api/v1/partnerships/digital-transition/manage',
    expect: COORDINATORS('401', '200'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/people',
    url: '/api/v1/partnerships/digital-transition/people',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/requests/:id',
    url: '/api/v1/partnerships/digital-transition/requests/999999',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/invitations',
    url: '/api/v1/partnerships/digital-transition/invitations',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/invitations/:id/revoke',
    url: '/api/v1/partnerships/digital-transition/invitations/999999/revoke',
    form: {},
    expect: COORDINATORS('401', '409'),
  },
  // Asking to join through the API: members are told they are members already (200 either way).
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/join',
    url: '/api/v1/partnerships/digital-transition/join',
    form: {},
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  // Leaving a partnership one is not in: there is nothing to leave.
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/leave',
    url: '/api/v1/partnerships/housing/leave',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // What coordinators edit besides the text (B, issue 12): the logo, the organisations' standing, the pages. Empty
  // forms are answered with their messages; a logo or page that is not there changes nothing.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit/logo',
    url: `${DTP}/edit/logo`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit/logo`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/logo',
    url: `${DTP}/logo`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/logo/delete',
    url: `${DTP}/logo/delete`,
    form: {},
    expect: COORDINATORS('404', `303 ${DTP}/edit/logo?done=none`),
  },
  // The demo's partnerships have no logo.
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/logo',
    url: '/api/v1/partnerships/digital-transition/logo',
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/logo',
    url: '/api/v1/partnerships/digital-transition/logo',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'DELETE',
    route: '/api/v1/partnerships/:slug/logo',
    url: '/api/v1/partnerships/digital-transition/logo',
    expect: COORDINATORS('401', '204'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit/organisations',
    url: `${DTP}/edit/organisations?q=esp`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit/organisations?q=esp`), '200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/edit/organisations',
    url: '/api/v1/partnerships/digital-transition/edit/organisations',
    expect: COORDINATORS('401', '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/organisations',
    url: `${DTP}/organisations`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/organisations/:organisation',
    url: `${DTP}/organisations/urbact`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/organisations/:organisation/remove',
    url: `${DTP}/organisations/urbact/remove`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/organisations/urbact/remove`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/organisations/:organisation/remove',
    url: `${DTP}/organisations/no-such-organisation/remove`,
    form: {},
    expect: COORDINATORS('404', '404'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/organisations',
    url: '/api/v1/partnerships/digital-transition/organisations',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/organisations/:organisation',
    url: '/api/v1/partnerships/digital-transition/organisations/urbact',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'DELETE',
    route: '/api/v1/partnerships/:slug/organisations/:organisation',
    url: '/api/v1/partnerships/digital-transition/organisations/no-such-organisation',
    expect: COORDINATORS('401', '404'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit/pages',
    url: `${DTP}/edit/pages`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit/pages`), '200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/edit/pages',
    url: '/api/v1/partnerships/digital-transition/edit/pages',
    expect: COORDINATORS('401', '200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit/pages/new',
    url: `${DTP}/edit/pages/new`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit/pages/new`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/edit/pages',
    url: `${DTP}/edit/pages`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  // The members-only page: its coordinators and administrators edit it; for anyone else it does not exist.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit/pages/:page',
    url: `${DTP}/edit/pages/working-notes`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit/pages/working-notes`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/edit/pages/:page',
    url: `${DTP}/edit/pages/working-notes`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/edit/pages/:page/move',
    url: `${DTP}/edit/pages/working-notes/move`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/edit/pages/:page/delete',
    url: `${DTP}/edit/pages/working-notes/delete`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/edit/pages/working-notes/delete`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/edit/pages/:page/delete',
    url: `${DTP}/edit/pages/no-such-page/delete`,
    form: {},
    expect: COORDINATORS('404', '404'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/pages',
    url: '/api/v1/partnerships/digital-transition/pages',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/pages/:page',
    url: '/api/v1/partnerships/digital-transition/pages/working-notes',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'DELETE',
    route: '/api/v1/partnerships/:slug/pages/:page',
    url: '/api/v1/partnerships/digital-transition/pages/no-such-page',
    expect: COORDINATORS('401', '404'),
  },
  {
    method: 'GET',
    route: '/:lang/invitations/:token',
    url: '/en/invitations/no-such-token',
    expect: by({ visitor: SIGN_IN_NEXT('/en/invitations/no-such-token'), user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/invitations/:token',
    url: '/en/invitations/no-such-token',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '404' }),
  },
  // comments: a comment that does not exist (or whose content one may not see) is a 404 for everyone
  { method: 'POST', route: '/:lang/comments', url: '/en/comments', form: {}, expect: everyone('404') },
  // The pages each comment's action links lead to: a visitor is asked to sign in; a comment that does not exist is a
  // 404 for everyone else.
  {
    method: 'GET',
    route: '/:lang/comments/:id/reply',
    url: '/en/comments/999999/reply',
    expect: by({ visitor: SIGN_IN_NEXT('/en/comments/999999/reply'), user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/comments/:id/edit',
    url: '/en/comments/999999/edit',
    expect: by({ visitor: SIGN_IN_NEXT('/en/comments/999999/edit'), user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/comments/:id/delete',
    url: '/en/comments/999999/delete',
    expect: by({ visitor: SIGN_IN_NEXT('/en/comments/999999/delete'), user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/comments/:id/report',
    url: '/en/comments/999999/report',
    expect: by({ visitor: SIGN_IN_NEXT('/en/comments/999999/report'), user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/comments/:id/hide',
    url: '/en/comments/999999/hide',
    expect: by({ visitor: SIGN_IN_NEXT('/en/comments/999999/hide'), user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/comments/:id/unhide',
    url: '/en/comments/999999/unhide',
    expect: by({ visitor: SIGN_IN_NEXT('/en/comments/999999/unhide'), user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/comments/:id/edit',
    url: '/en/comments/999999/edit',
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/:lang/comments/:id/delete',
    url: '/en/comments/999999/delete',
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/:lang/comments/:id/report',
    url: '/en/comments/999999/report',
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/:lang/comments/:id/hide',
    url: '/en/comments/999999/hide',
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/:lang/comments/:id/unhide',
    url: '/en/comments/999999/unhide',
    form: {},
    expect: everyone('404'),
  },
  // The moderation queue: moderators and coordinators of a partnership with comments, and administrators; nobody else
  // learns it exists.
  {
    method: 'GET',
    route: '/:lang/comments/reported',
    url: '/en/comments/reported',
    expect: by({
      visitor: SIGN_IN_NEXT('/en/comments/reported'),
      user: '404',
      moderator: '200',
      coordinator: '200',
      admin: '200',
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/comments/reported',
    url: '/api/v1/comments/reported',
    expect: by({ visitor: '401', user: '404', moderator: '200', coordinator: '200', admin: '200' }),
  },
  { method: 'GET', route: '/api/v1/comments', url: '/api/v1/comments?type=post&id=999999', expect: everyone('404') },
  { method: 'GET', route: '/api/v1/posts/:id/comments', url: '/api/v1/posts/999999/comments', expect: everyone('404') },
  // An empty API form: signed-in people are told what is missing; visitors must authenticate.
  {
    method: 'POST',
    route: '/api/v1/comments',
    url: '/api/v1/comments',
    form: {},
    expect: by({ visitor: '401', user: '400', admin: '400' }),
  },
  // A moderator's API calls: nobody learns of a comment that is not there (or that they do not moderate).
  {
    method: 'POST',
    route: '/api/v1/comments/:id/hide',
    url: '/api/v1/comments/999999/hide',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/api/v1/comments/:id/unhide',
    url: '/api/v1/comments/999999/unhide',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // notifications
  {
    method: 'GET',
    route: '/:lang/notifications',
    url: '/en/notifications',
    expect: by({ visitor: SIGN_IN_NEXT('/en/notifications'), user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/notifications/read',
    url: '/en/notifications/read',
    form: {},
    expect: by({ visitor: '404', user: '303 /en/notifications?done=read', admin: '303 /en/notifications?done=read' }),
  },
  // notifications: one's mail settings; unsubscribe links (a token that is not the site's is a 404 for everyone)
  {
    method: 'GET',
    route: '/:lang/notifications/settings',
    url: '/en/notifications/settings',
    expect: by({ visitor: SIGN_IN_NEXT('/en/notifications/settings'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/notifications/settings',
    url: '/api/v1/notifications/settings',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/notifications/settings',
    url: '/en/notifications/settings',
    form: {},
    expect: by({
      visitor: '404',
      user: '303 /en/notifications/settings?saved=1',
      admin: '303 /en/notifications/settings?saved=1',
    }),
  },
  {
    method: 'PUT',
    route: '/api/v1/notifications/settings',
    url: '/api/v1/notifications/settings',
    form: {},
    expect: by({ visitor: '401', user: '400', admin: '400' }),
  },
  ...(['GET', 'POST'] as const).flatMap((method): Row[] => [
    {
      method,
      route: '/:lang/notifications/unsubscribe/:token',
      url: `/en/notifications/unsubscribe/1~comments.notification.reply~${'A'.repeat(43)}`,
      ...(method === 'POST' ? { form: {} } : {}),
      expect: everyone('404'),
    },
    {
      method,
      route: '/api/v1/notifications/unsubscribe/:token',
      url: `/api/v1/notifications/unsubscribe/1~comments.notification.reply~${'A'.repeat(43)}`,
      ...(method === 'POST' ? { form: {} } : {}),
      expect: everyone('404'),
    },
  ]),
  // the platform's audit log
  {
    method: 'GET',
    route: '/:lang/admin/audit',
    url: '/en/admin/audit',
    expect: by({ visitor: SIGN_IN_NEXT('/en/admin/audit'), user: '404', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/audit',
    url: '/api/v1/admin/audit',
    expect: by({ visitor: '401', user: '404', admin: '200' }),
  },
  // tags
  { method: 'GET', route: '/:lang/tags', url: '/cs/tags', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/tags', url: '/api/v1/tags', expect: everyone('200') },
  { method: 'GET', route: '/:lang/tags/:slug', url: '/cs/tags/meeting', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/tags/:slug', url: '/api/v1/tags/meeting', expect: everyone('200') },
  { method: 'GET', route: '/:lang/tags/:slug.atom', url: '/en/tags/meeting.atom', expect: everyone('200') },
  {
    method: 'GET',
    route: '/:lang/tags/:slug/edit',
    url: '/en/tags/meeting/edit',
    expect: by({ visitor: SIGN_IN_NEXT('/en/tags/meeting/edit'), user: '404', admin: '200' }),
  },
  // Empty forms: an administrator is told what is missing; nobody else gets that far.
  {
    method: 'POST',
    route: '/:lang/tags/:slug',
    url: '/en/tags/meeting',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/:lang/tags/:slug/merge',
    url: '/en/tags/meeting/merge',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  },
  // news (members-only posts and drafts: see src/modules/news/news.test.ts)
  { method: 'GET', route: '/:lang/partnerships/:slug/news', url: `${DTP}/news`, expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/posts',
    url: '/api/v1/partnerships/digital-transition/posts',
    expect: everyone('200'),
  },
  { method: 'GET', route: '/:lang/partnerships/:slug/news/:post', url: `${SEED_POST}`, expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/posts/:post',
    url: `/api/v1/partnerships/digital-transition/posts/${SEED_POST.split('/').pop()}`,
    expect: everyone('200'),
  },
  { method: 'GET', route: '/:lang/partnerships/:slug/news.atom', url: `${DTP}/news.atom`, expect: everyone('200') },
  { method: 'GET', route: '/:lang/news.atom', url: '/cs/news.atom', expect: everyone('200') },
  // meetings: the partnership's feed (what each reader may see) and one meeting's file (the demo has no 999th).
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings.ics',
    url: `${DTP}/meetings.ics`,
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings.ics',
    url: '/api/v1/partnerships/digital-transition/meetings.ics',
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/calendar.ics',
    url: `${DTP}/meetings/999/calendar.ics`,
    expect: everyone('404'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings/:number/calendar.ics',
    url: '/api/v1/partnerships/digital-transition/meetings/999/calendar.ics',
    expect: everyone('404'),
  },
  // actions: the plan, an action, its history and two versions compared (members-only ones: see
  // src/modules/actions/actions.pages.test.ts and actions.compare.test.ts).
  ...(['', '/4', '/4/history', '/4/history/compare'] as const).flatMap((below): Row[] => [
    {
      method: 'GET',
      route: `/:lang/partnerships/:slug/actions${below ? below.replace('/4', '/:number') : ''}`,
      url: `${DTP}/actions${below}`,
      expect: everyone('200'),
    },
    {
      method: 'GET',
      route: `/api/v1/partnerships/:slug/actions${below ? below.replace('/4', '/:number') : ''}`,
      url: `/api/v1/partnerships/digital-transition/actions${below}`,
      expect: everyone('200'),
    },
  ]),
  // support (matchmaking): peers of the platform (members of a partnership, people confirmed at an
  // organisation) and administrators; asking needs a confirmed organisation, managing a request its
  // organisation's people or an administrator (src/modules/support/support.test.ts, with demo people).
  ...(
    [
      ['/:lang/support', '/en/support', '/api/v1/support-requests', '/api/v1/support-requests'],
      [
        '/:lang/support/requests/:id',
        '/en/support/requests/1',
        '/api/v1/support-requests/:id',
        '/api/v1/support-requests/1',
      ],
      ['/:lang/support/offers', '/en/support/offers', '/api/v1/support-offers', '/api/v1/support-offers'],
      ['/:lang/support/offers/:id', '/en/support/offers/1', '/api/v1/support-offers/:id', '/api/v1/support-offers/1'],
    ] as const
  ).flatMap(([route, url, apiRoute, apiUrl]): Row[] => [
    { method: 'GET', route, url, expect: PEERS(SIGN_IN_NEXT(url), '200', '200') },
    { method: 'GET', route: apiRoute, url: apiUrl, expect: PEERS('401', '200', '200') },
  ]),
  {
    method: 'GET',
    route: '/:lang/support/requests/new',
    url: '/en/support/requests/new',
    expect: by({ visitor: SIGN_IN_NEXT('/en/support/requests/new'), user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/support/requests',
    url: '/en/support/requests',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/api/v1/support-requests',
    url: '/api/v1/support-requests',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  ...(
    [
      ['POST', '/:lang/support/requests/:id/contact', '/en/support/requests/1/contact', '404'],
      ['POST', '/:lang/support/requests/:id/state', '/en/support/requests/1/state', '404'],
      ['POST', '/api/v1/support-requests/:id/contacts', '/api/v1/support-requests/1/contacts', '401'],
      ['PATCH', '/api/v1/support-requests/:id', '/api/v1/support-requests/1', '401'],
    ] as const
  ).map(([method, route, url, visitor]): Row => ({
    method,
    route,
    url,
    form: {},
    expect: by({ visitor, user: '404', admin: '400' }),
  })),
  {
    method: 'GET',
    route: '/:lang/support/offers/new',
    url: '/en/support/offers/new',
    expect: PEERS(SIGN_IN_NEXT('/en/support/offers/new'), '200', '200'),
  },
  {
    method: 'POST',
    route: '/:lang/support/offers',
    url: '/en/support/offers',
    form: {},
    expect: PEERS('404', '400', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/support-offers',
    url: '/api/v1/support-offers',
    form: {},
    expect: PEERS('401', '400', '400'),
  },
  // lessons: published ones for everyone; one waiting for review for the coordinators (and its author, and
  // administrators); members write; coordinators review (the flow by role: src/modules/lessons/lessons.test.ts).
  ...(
    [
      ['/:lang/lessons', '/en/lessons?size=&country=SE&topic=&effort='],
      ['/api/v1/lessons', '/api/v1/lessons?effort=low&limit=2'],
      ['/:lang/partnerships/:slug/lessons', '/cs/partnerships/digital-transition/lessons'],
      ['/api/v1/partnerships/:slug/lessons', '/api/v1/partnerships/digital-transition/lessons'],
    ] as const
  ).map(([route, url]): Row => ({ method: 'GET', route, url, expect: everyone('200') })),
  ...(['/:lang/lessons/:slug', '/api/v1/lessons/:slug'] as const).map((route): Row => ({
    method: 'GET',
    route,
    url: route.replace(':lang', 'en').replace(':slug', LESSON_IN_REVIEW),
    expect: by({ visitor: '404', user: '404', coordinator: '200', admin: '200' }),
  })),
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/lessons/new',
    url: '/en/partnerships/digital-transition/lessons/new',
    expect: {
      ...MEMBERS,
      visitor: SIGN_IN_NEXT('/en/partnerships/digital-transition/lessons/new'),
    },
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/lessons/new',
    url: '/en/partnerships/digital-transition/lessons/new',
    form: {},
    expect: by({ visitor: '404', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/lessons',
    url: '/api/v1/partnerships/digital-transition/lessons',
    form: { effort: 'lots' },
    expect: by({ visitor: '401', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  // Editing a published lesson: its author (a demo person) and the coordinators.
  {
    method: 'GET',
    route: '/:lang/lessons/:slug/edit',
    url: `/en/lessons/${LESSON}/edit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`/en/lessons/${LESSON}/edit`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/lessons/:slug/edit',
    url: `/en/lessons/${LESSON}/edit`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'PUT',
    route: '/api/v1/lessons/:slug',
    url: `/api/v1/lessons/${LESSON}`,
    form: { effort: 'lots' },
    expect: COORDINATORS('401', '400'),
  },
  // A published lesson is neither sent for review, published nor returned again: nobody may.
  ...(['submit', 'publish', 'return'] as const).flatMap((step): Row[] => [
    {
      method: 'POST',
      route: `/:lang/lessons/:slug/${step}`,
      url: `/en/lessons/${LESSON}/${step}`,
      form: {},
      expect: everyone('404'),
    },
    {
      method: 'POST',
      route: `/api/v1/lessons/:slug/${step}`,
      url: `/api/v1/lessons/${LESSON}/${step}`,
      form: {},
      expect: by({ visitor: '401', user: '404', admin: '404' }),
    },
  ]),
  // Translating a published lesson: the partnership's members.
  {
    method: 'GET',
    route: '/:lang/lessons/:slug/translate',
    url: `/en/lessons/${LESSON}/translate?into=cs`,
    expect: by({
      visitor: SIGN_IN_NEXT(`/en/lessons/${LESSON}/translate?into=cs`),
      user: '404',
      member: `303 /en/lessons/${LESSON}/translations/cs`,
      moderator: `303 /en/lessons/${LESSON}/translations/cs`,
      coordinator: `303 /en/lessons/${LESSON}/translations/cs`,
      admin: `303 /en/lessons/${LESSON}/translations/cs`,
    }),
  },
  {
    method: 'GET',
    route: '/:lang/lessons/:slug/translations/:code',
    url: `/en/lessons/${LESSON}/translations/cs`,
    expect: { ...MEMBERS, visitor: SIGN_IN_NEXT(`/en/lessons/${LESSON}/translations/cs`) },
  },
  {
    method: 'POST',
    route: '/:lang/lessons/:slug/translations/:code',
    url: `/en/lessons/${LESSON}/translations/cs`,
    form: {},
    expect: by({ visitor: '404', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  {
    method: 'PUT',
    route: '/api/v1/lessons/:slug/translations/:code',
    url: `/api/v1/lessons/${LESSON}/translations/cs`,
    form: {},
    expect: by({ visitor: '401', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  // playbooks: published ones for everyone, drafts for their partnership's coordinators; coordinators write,
  // publish, unpublish and translate; anyone signed in who sees one exports it, and an export is its
  // requester's (and administrators'): src/modules/playbooks/playbooks.test.ts and exports.test.ts have the
  // flows by role, and exports that exist.
  ...(
    [
      ['/:lang/playbooks', '/en/playbooks'],
      ['/api/v1/playbooks', '/api/v1/playbooks?limit=2'],
      ['/:lang/playbooks/:slug', `/cs/playbooks/${PLAYBOOK}`],
      ['/api/v1/playbooks/:slug', `/api/v1/playbooks/${PLAYBOOK}?in=cs`],
    ] as const
  ).map(([route, url]): Row => ({ method: 'GET', route, url, expect: everyone('200') })),
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/playbooks/new',
    url: `${DTP}/playbooks/new`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/playbooks/new`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/playbooks/new',
    url: `${DTP}/playbooks/new`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/playbooks',
    url: '/api/v1/partnerships/digital-transition/playbooks',
    form: { title: '' },
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/playbooks/:slug/edit',
    url: `/en/playbooks/${PLAYBOOK}/edit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`/en/playbooks/${PLAYBOOK}/edit`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/playbooks/:slug/edit',
    url: `/en/playbooks/${PLAYBOOK}/edit`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'PUT',
    route: '/api/v1/playbooks/:slug',
    url: `/api/v1/playbooks/${PLAYBOOK}`,
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  // The demo's playbook taken back to a draft by the first coordinator, then published again (so, in
  // this order, each step once): the roles before them get the 404 of what they may not do.
  {
    method: 'POST',
    route: '/:lang/playbooks/:slug/unpublish',
    url: `/en/playbooks/${PLAYBOOK}/unpublish`,
    form: {},
    expect: by({ visitor: '404', user: '404', coordinator: `303 /en/playbooks/${PLAYBOOK}`, admin: '404' }),
  },
  {
    method: 'POST',
    route: '/api/v1/playbooks/:slug/unpublish',
    url: `/api/v1/playbooks/${PLAYBOOK}/unpublish`,
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/api/v1/playbooks/:slug/publish',
    url: `/api/v1/playbooks/${PLAYBOOK}/publish`,
    form: {},
    expect: by({ visitor: '401', user: '404', coordinator: '200', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/playbooks/:slug/publish',
    url: `/en/playbooks/${PLAYBOOK}/publish`,
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'GET',
    route: '/:lang/playbooks/:slug/translate',
    url: `/en/playbooks/${PLAYBOOK}/translate?into=de`,
    expect: COORDINATORS(
      SIGN_IN_NEXT(`/en/playbooks/${PLAYBOOK}/translate?into=de`),
      `303 /en/playbooks/${PLAYBOOK}/translations/de`,
    ),
  },
  {
    method: 'GET',
    route: '/:lang/playbooks/:slug/translations/:code',
    url: `/en/playbooks/${PLAYBOOK}/translations/cs`,
    expect: COORDINATORS(SIGN_IN_NEXT(`/en/playbooks/${PLAYBOOK}/translations/cs`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/playbooks/:slug/translations/:code',
    url: `/en/playbooks/${PLAYBOOK}/translations/cs`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'PUT',
    route: '/api/v1/playbooks/:slug/translations/:code',
    url: `/api/v1/playbooks/${PLAYBOOK}/translations/cs`,
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/playbooks/:slug/exports',
    url: `/en/playbooks/${PLAYBOOK}/exports`,
    expect: by({ visitor: SIGN_IN_NEXT(`/en/playbooks/${PLAYBOOK}/exports`), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/playbooks/:slug/exports',
    url: `/api/v1/playbooks/${PLAYBOOK}/exports`,
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/playbooks/:slug/exports',
    url: `/en/playbooks/${PLAYBOOK}/exports`,
    form: {},
    expect: by({ visitor: '404', user: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/playbooks/:slug/exports',
    url: `/api/v1/playbooks/${PLAYBOOK}/exports`,
    form: { primary: 'red' },
    expect: by({ visitor: '401', user: '400', admin: '400' }),
  },
  // An export nobody here asked for: a 404 for everyone, administrators too (it does not exist).
  ...(['', '/site.zip', '/playbook.pdf'] as const).flatMap((file): Row[] => [
    {
      method: 'GET',
      route: `/:lang/playbooks/:slug/exports/:id${file}`,
      url: `/en/playbooks/${PLAYBOOK}/exports/1${file}`,
      expect: by({ visitor: SIGN_IN_NEXT(`/en/playbooks/${PLAYBOOK}/exports/1${file}`), user: '404', admin: '404' }),
    },
    {
      method: 'GET',
      route: `/api/v1/playbooks/:slug/exports/:id${file}`,
      url: `/api/v1/playbooks/${PLAYBOOK}/exports/1${file}`,
      expect: by({ visitor: '401', user: '404', admin: '404' }),
    },
  ]),
  // assessments (the self-assessment): an organisation's confirmed members only (none of the table's roles is one:
  // src/modules/assessments/assessments.test.ts has them); the question set's editor for administrators.
  {
    method: 'GET',
    route: '/:lang/assessments',
    url: '/en/assessments',
    expect: by({ visitor: SIGN_IN_NEXT('/en/assessments'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/assessments',
    url: '/api/v1/assessments',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/assessments',
    url: '/en/assessments',
    form: { organisation: '1' },
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/assessments',
    url: '/api/v1/assessments',
    form: { organisation: '1' },
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/assessments/:id',
    url: '/en/assessments/1',
    expect: by({ visitor: SIGN_IN_NEXT('/en/assessments/1'), user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/api/v1/assessments/:id',
    url: '/api/v1/assessments/1',
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  {
    method: 'POST',
    route: '/:lang/assessments/:id',
    url: '/en/assessments/1',
    form: { intent: 'save' },
    expect: everyone('404'),
  },
  {
    method: 'PATCH',
    route: '/api/v1/assessments/:id',
    url: '/api/v1/assessments/1',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  ...(
    [
      ['/:lang/assessments/questions', '/en/assessments/questions'],
      ['/:lang/assessments/questions/new', '/en/assessments/questions/new?dimension=1'],
      ['/:lang/assessments/questions/:id', '/en/assessments/questions/1'],
      ['/:lang/assessments/questions/dimensions/new', '/en/assessments/questions/dimensions/new'],
      ['/:lang/assessments/questions/dimensions/:id', '/en/assessments/questions/dimensions/1'],
    ] as const
  ).map(([route, url]): Row => ({
    method: 'GET',
    route,
    url,
    expect: by({ visitor: SIGN_IN_NEXT(url), user: '404', admin: '200' }),
  })),
  {
    method: 'GET',
    route: '/api/v1/assessments/questions',
    url: '/api/v1/assessments/questions',
    expect: by({ visitor: '401', user: '404', admin: '200' }),
  },
  ...(
    [
      ['/:lang/assessments/questions/new', '/en/assessments/questions/new'],
      ['/:lang/assessments/questions/:id', '/en/assessments/questions/1'],
      ['/:lang/assessments/questions/dimensions/new', '/en/assessments/questions/dimensions/new'],
      ['/:lang/assessments/questions/dimensions/:id', '/en/assessments/questions/dimensions/1'],
    ] as const
  ).map(([route, url]): Row => ({
    method: 'POST',
    route,
    url,
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  })),
  // Retiring one that is not there: nothing changes for the other rows.
  {
    method: 'POST',
    route: '/:lang/assessments/questions/:id/retire',
    url: '/en/assessments/questions/999999/retire',
    form: { retired: '1' },
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/:lang/assessments/questions/dimensions/:id/retire',
    url: '/en/assessments/questions/dimensions/999999/retire',
    form: { retired: '1' },
    expect: everyone('404'),
  },
  // funding's editing (funding editors and administrators; members of any partnership suggest; more in
  // src/modules/funding/funding.edit.test.ts, with a funding editor and a person of no partnership).
  ...(
    [
      ['/:lang/funding/new', '/en/funding/new'],
      ['/:lang/funding/:id/edit', '/en/funding/1/edit'],
      ['/:lang/funding/programmes/new', '/en/funding/programmes/new'],
      ['/:lang/funding/programmes/:slug/edit', '/en/funding/programmes/urbact-iv/edit'],
    ] as const
  ).flatMap(([route, url]): Row[] => [
    { method: 'GET', route, url, expect: by({ visitor: SIGN_IN_NEXT(url), user: '404', admin: '200' }) },
    { method: 'POST', route, url, form: {}, expect: by({ visitor: '404', user: '404', admin: '400' }) },
  ]),
  ...(
    [
      ['POST', '/api/v1/funding', '/api/v1/funding'],
      ['PUT', '/api/v1/funding/:id', '/api/v1/funding/1'],
      ['PATCH', '/api/v1/funding/:id', '/api/v1/funding/1'],
      ['POST', '/api/v1/programmes', '/api/v1/programmes'],
      ['PUT', '/api/v1/programmes/:slug', '/api/v1/programmes/urbact-iv'],
    ] as const
  ).map(([method, route, url]): Row => ({
    method,
    route,
    url,
    form: { budget_eur: 'lots' },
    expect: by({ visitor: '401', user: '404', admin: '400' }),
  })),
  { method: 'GET', route: '/:lang/funding/:id/history', url: '/en/funding/1/history', expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/funding/:id/history',
    url: '/api/v1/funding/1/history',
    expect: everyone('200'),
  },
  ...(['review', 'editors'] as const).flatMap((page): Row[] => [
    {
      method: 'GET',
      route: `/:lang/funding/${page}`,
      url: `/en/funding/${page}`,
      expect: by({ visitor: SIGN_IN_NEXT(`/en/funding/${page}`), user: '404', admin: '200' }),
    },
    {
      method: 'GET',
      route: `/api/v1/funding/${page}`,
      url: `/api/v1/funding/${page}`,
      expect: by({ visitor: '401', user: '404', admin: '200' }),
    },
  ]),
  {
    method: 'POST',
    route: '/:lang/funding/editors',
    url: '/en/funding/editors',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/funding/editors',
    url: '/api/v1/funding/editors',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/:lang/funding/editors/:handle/remove',
    url: '/en/funding/editors/nobody-here/remove',
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'DELETE',
    route: '/api/v1/funding/editors/:handle',
    url: '/api/v1/funding/editors/nobody-here',
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // Suggesting: members of any partnership (the demo's item 1 is published: not waiting for review, so a 404).
  {
    method: 'GET',
    route: '/:lang/funding/suggest',
    url: '/en/funding/suggest',
    expect: by({
      visitor: SIGN_IN_NEXT('/en/funding/suggest'),
      user: '404',
      outsider: '200',
      member: '200',
      moderator: '200',
      coordinator: '200',
      admin: '200',
    }),
  },
  {
    method: 'POST',
    route: '/:lang/funding/suggest',
    url: '/en/funding/suggest',
    form: {},
    expect: by({
      visitor: '404',
      user: '404',
      outsider: '400',
      member: '400',
      moderator: '400',
      coordinator: '400',
      admin: '400',
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/funding/suggestions',
    url: '/api/v1/funding/suggestions',
    form: {},
    expect: by({
      visitor: '401',
      user: '404',
      outsider: '400',
      member: '400',
      moderator: '400',
      coordinator: '400',
      admin: '400',
    }),
  },
  {
    method: 'GET',
    route: '/:lang/funding/suggestions',
    url: '/en/funding/suggestions',
    expect: by({ visitor: SIGN_IN_NEXT('/en/funding/suggestions'), user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/api/v1/funding/suggestions',
    url: '/api/v1/funding/suggestions',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  ...(['accept', 'reject'] as const).flatMap((decision): Row[] => [
    {
      method: 'POST',
      route: `/:lang/funding/:id/${decision}`,
      url: `/en/funding/1/${decision}`,
      form: {},
      expect: everyone('404'),
    },
    {
      method: 'POST',
      route: `/api/v1/funding/:id/${decision}`,
      url: `/api/v1/funding/1/${decision}`,
      form: {},
      expect: by({ visitor: '401', user: '404', admin: '404' }),
    },
  ]),
  // funding's matching: what fits an action, a partnership's plan, an organisation; what an item fits
  // (everyone, each seeing the actions they may: src/modules/funding/funding.match.pages.test.ts).
  ...(
    [
      ['/partnerships/:slug/actions/:number/funding', '/partnerships/digital-transition/actions/4/funding'],
      ['/partnerships/:slug/funding', '/partnerships/digital-transition/funding'],
      ['/organisations/:slug/funding', '/organisations/oulu/funding'],
      ['/funding/:id/fits', '/funding/1/fits'],
    ] as const
  ).flatMap(([route, url]): Row[] => [
    { method: 'GET', route: `/:lang${route}`, url: `/en${url}`, expect: everyone('200') },
    { method: 'GET', route: `/api/v1${route}`, url: `/api/v1${url}`, expect: everyone('200') },
  ]),
  // funding's import (funding editors and administrators; anyone else a 404) and the register as files
  // in its format (everyone: the published items): src/modules/funding/funding.import.test.ts.
  {
    method: 'GET',
    route: '/:lang/funding/import',
    url: '/en/funding/import',
    expect: by({ visitor: SIGN_IN_NEXT('/en/funding/import'), user: '404', admin: '200' }),
  },
  {
    method: 'POST',
    route: '/:lang/funding/import',
    url: '/en/funding/import',
    form: {},
    expect: by({ visitor: '404', user: '404', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/funding/import',
    url: '/api/v1/funding/import',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '400' }),
  },
  ...['/:lang/funding.csv', '/:lang/funding.json', '/:lang/funding/programmes.csv'].map((route): Row => ({
    method: 'GET',
    route,
    url: route.replace(':lang', 'en'),
    expect: everyone('200'),
  })),
  ...['/api/v1/funding.csv', '/api/v1/funding.json', '/api/v1/programmes.csv'].map((route): Row => ({
    method: 'GET',
    route,
    url: route,
    expect: everyone('200'),
  })),
  // The dashboards: everyone, each counting what the reader may see (actions.dashboard.test.ts).
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/actions/dashboard',
    url: `${DTP}/actions/dashboard`,
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/actions/dashboard',
    url: '/api/v1/partnerships/digital-transition/actions/dashboard',
    expect: everyone('200'),
  },
  { method: 'GET', route: '/:lang/actions', url: '/en/actions', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/actions/dashboard', url: '/api/v1/actions/dashboard', expect: everyone('200') },
  // Updating an action: its leads' members (confirmed affiliation: actions.update.test.ts), coordinators, admins.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/actions/:number/update',
    url: `${DTP}/actions/4/update`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/actions/4/update`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/actions/:number/update',
    url: `${DTP}/actions/4/update`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/actions/:number',
    url: '/api/v1/partnerships/digital-transition/actions/4',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  // The plan as a file: whoever may read the plan (members-only actions only for members: actions.import.test.ts);
  // importing one: coordinators and administrators (a form without a file: asked to choose one).
  ...(['csv', 'json'] as const).flatMap((extension): Row[] => [
    {
      method: 'GET',
      route: `/:lang/partnerships/:slug/actions.${extension}`,
      url: `${DTP}/actions.${extension}`,
      expect: everyone('200'),
    },
    {
      method: 'GET',
      route: `/api/v1/partnerships/:slug/actions.${extension}`,
      url: `/api/v1/partnerships/digital-transition/actions.${extension}`,
      expect: everyone('200'),
    },
  ]),
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/actions/import',
    url: `${DTP}/actions/import`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/actions/import`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/actions/import',
    url: `${DTP}/actions/import`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/actions/import',
    url: '/api/v1/partnerships/digital-transition/actions/import',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  // Adding, editing and merging actions (actions.edit.test.ts: leads' members edit too; bad input; one version each).
  ...(
    [
      ['/:lang/partnerships/:slug/actions/new', `${DTP}/actions/new`],
      ['/:lang/partnerships/:slug/actions/:number/edit', `${DTP}/actions/4/edit`],
      ['/:lang/partnerships/:slug/actions/:number/merge', `${DTP}/actions/4/merge`],
    ] as const
  ).flatMap(([route, url]): Row[] => [
    { method: 'GET', route, url, expect: COORDINATORS(SIGN_IN_NEXT(url), '200') },
    { method: 'POST', route, url, form: {}, expect: COORDINATORS('404', '400') },
  ]),
  ...(
    [
      ['POST', '/api/v1/partnerships/:slug/actions', '/api/v1/partnerships/digital-transition/actions'],
      ['PUT', '/api/v1/partnerships/:slug/actions/:number', '/api/v1/partnerships/digital-transition/actions/4'],
      ['PATCH', '/api/v1/partnerships/:slug/actions/:number', '/api/v1/partnerships/digital-transition/actions/4'],
      [
        'POST',
        '/api/v1/partnerships/:slug/actions/:number/merge',
        '/api/v1/partnerships/digital-transition/actions/4/merge',
      ],
    ] as const
  ).map(([method, route, url]): Row => ({
    method,
    route,
    url,
    form: method === 'PATCH' ? { progress_mode: 'sometimes' } : {},
    expect: COORDINATORS('401', '400'),
  })),
  // A deliverable's file as evidence (src/modules/actions/actions.evidence.test.ts: leads' members too, downloads,
  // bad files). The demo has none: downloads and removals are 404s; a form without a file is asked for one.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    url: `${DTP}/actions/4/deliverables/0/evidence`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/actions/4/deliverables/0/evidence`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    url: `${DTP}/actions/4/deliverables/0/evidence`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/actions/:number/deliverables/:index/evidence/delete',
    url: `${DTP}/actions/4/deliverables/0/evidence/delete`,
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    url: '/api/v1/partnerships/digital-transition/actions/4/deliverables/0/evidence',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'DELETE',
    route: '/api/v1/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    url: '/api/v1/partnerships/digital-transition/actions/4/deliverables/0/evidence',
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/actions/:number/attachments/:id/:filename',
    url: `${DTP}/actions/4/attachments/1/report.pdf`,
    expect: everyone('404'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/actions/:number/attachments/:id',
    url: '/api/v1/partnerships/digital-transition/actions/4/attachments/1',
    expect: everyone('404'),
  },
  // meetings: the list and a meeting (members-only ones: see src/modules/meetings/meetings.pages.test.ts), planning
  // them (coordinators), the agenda. The demo's 13th meeting is upcoming; the 1st and 2nd are cancelled here.
  { method: 'GET', route: '/:lang/partnerships/:slug/meetings', url: `${DTP}/meetings`, expect: everyone('200') },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings',
    url: '/api/v1/partnerships/digital-transition/meetings',
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number',
    url: `${DTP}/meetings/11`,
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings/:number',
    url: '/api/v1/partnerships/digital-transition/meetings/11',
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/new',
    url: `${DTP}/meetings/new`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/new`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/new',
    url: `${DTP}/meetings/new`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/edit',
    url: `${DTP}/meetings/13/edit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/13/edit`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/edit',
    url: `${DTP}/meetings/13/edit`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/cancel',
    url: `${DTP}/meetings/6/cancel`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/6/cancel`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/cancel',
    url: `${DTP}/meetings/2/cancel`,
    form: {},
    expect: COORDINATORS('404', `303 ${DTP}/meetings/2?done=cancelled`),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/agenda',
    url: `${DTP}/meetings/13/agenda`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/13/agenda`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/agenda',
    url: `${DTP}/meetings/13/agenda`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/agenda/:item/edit',
    url: `${DTP}/meetings/13/agenda/999999/edit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/13/agenda/999999/edit`), '404'),
  },
  ...['edit', 'move', 'delete'].map((action): Row => ({
    method: 'POST',
    route: `/:lang/partnerships/:slug/meetings/:number/agenda/:item/${action}`,
    url: `${DTP}/meetings/13/agenda/999999/${action}`,
    form: {},
    expect: everyone('404'),
  })),
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings',
    url: '/api/v1/partnerships/digital-transition/meetings',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number',
    url: '/api/v1/partnerships/digital-transition/meetings/13',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/cancel',
    url: '/api/v1/partnerships/digital-transition/meetings/1/cancel',
    form: {},
    expect: COORDINATORS('401', '200'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/agenda',
    url: '/api/v1/partnerships/digital-transition/meetings/13/agenda',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  ...['move', 'delete'].map((action): Row => ({
    method: 'POST',
    route: `/api/v1/partnerships/:slug/meetings/:number/agenda/:item/${action}`,
    url: `/api/v1/partnerships/digital-transition/meetings/13/agenda/999999/${action}`,
    form: action === 'move' ? { direction: 'up' } : {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  })),
  // meetings: files (the demo's 11th has its agenda, file 1); adding and deleting are for coordinators (more in
  // src/modules/meetings/meetings.attachments.test.ts). A form without a file: coordinators are asked to choose one.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/attachments/:id/:filename',
    url: `${DTP}/meetings/11/attachments/1/Agenda-11th-meeting-Luxembourg.txt`,
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings/:number/attachments/:id',
    url: '/api/v1/partnerships/digital-transition/meetings/11/attachments/1',
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/attachments',
    url: `${DTP}/meetings/11/attachments`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/11/attachments`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/attachments',
    url: `${DTP}/meetings/11/attachments`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/attachments/:id/delete',
    url: `${DTP}/meetings/11/attachments/999999/delete`,
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/attachments',
    url: '/api/v1/partnerships/digital-transition/meetings/11/attachments',
    form: {},
    expect: by({ visitor: '401', user: '404', coordinator: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/attachments/:id/delete',
    url: '/api/v1/partnerships/digital-transition/meetings/11/attachments/999999/delete',
    form: {},
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // meetings: registration (the demo's 13th is open, 40 seats), the coordinators' list, one's own meetings, and the
  // minutes of the 11th (more in src/modules/meetings/meetings.registration.test.ts). Each role registers, cancels,
  // registers through the API and cancels through it, in this order.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/register',
    url: `${DTP}/meetings/13/register`,
    form: {},
    expect: by({
      visitor: '404',
      user: `303 ${DTP}/meetings/13?done=registered#meeting-registration-title`,
      admin: `303 ${DTP}/meetings/13?done=registered#meeting-registration-title`,
    }),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/unregister',
    url: `${DTP}/meetings/13/unregister`,
    form: {},
    expect: by({
      visitor: '404',
      user: `303 ${DTP}/meetings/13?done=unregistered#meeting-registration-title`,
      admin: `303 ${DTP}/meetings/13?done=unregistered#meeting-registration-title`,
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/registration',
    url: '/api/v1/partnerships/digital-transition/meetings/13/registration',
    form: {},
    expect: by({ visitor: '401', user: '201', admin: '201' }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/partnerships/:slug/meetings/:number/registration',
    url: '/api/v1/partnerships/digital-transition/meetings/13/registration',
    expect: by({ visitor: '401', user: '200', admin: '200' }),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/registrations',
    url: `${DTP}/meetings/13/registrations`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/13/registrations`), '200'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/registrations.csv',
    url: `${DTP}/meetings/13/registrations.csv`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/13/registrations.csv`), '200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings/:number/registrations',
    url: '/api/v1/partnerships/digital-transition/meetings/13/registrations',
    expect: COORDINATORS('401', '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/registrations/settings',
    url: `${DTP}/meetings/13/registrations/settings`,
    form: { open: 'on', capacity: '40', deadline: '' },
    expect: COORDINATORS('404', `303 ${DTP}/meetings/13/registrations?done=settings`),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/registrations/settings',
    url: '/api/v1/partnerships/digital-transition/meetings/13/registrations/settings',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/registrations/attendance',
    url: `${DTP}/meetings/11/registrations/attendance`,
    form: {},
    expect: COORDINATORS('404', `303 ${DTP}/meetings/11/registrations?done=attendance`),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/registrations/attendance',
    url: '/api/v1/partnerships/digital-transition/meetings/11/registrations/attendance',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/people/:handle/meetings',
    url: '/en/people/table-member/meetings',
    expect: by({ visitor: SIGN_IN_NEXT('/en/people/table-member/meetings'), user: '404', member: '200', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/api/v1/people/:handle/meetings',
    url: '/api/v1/people/table-member/meetings',
    expect: by({ visitor: '401', user: '404', member: '200', admin: '404' }),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/meetings/:number/minutes',
    url: `${DTP}/meetings/11/minutes`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${DTP}/meetings/11/minutes`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/meetings/:number/minutes',
    url: `${DTP}/meetings/11/minutes`,
    form: { minutes: 'The status of the actions was reviewed.', outcomes: '', 'decision-1': 'Scale up.' },
    expect: COORDINATORS('404', `303 ${DTP}/meetings/11?done=minutes#meeting-after-title`),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/meetings/:number/minutes',
    url: '/api/v1/partnerships/digital-transition/meetings/11/minutes',
    expect: everyone('200'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/meetings/:number/minutes',
    url: '/api/v1/partnerships/digital-transition/meetings/11/minutes',
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/news/new',
    url: `${DTP}/news/new`,
    expect: { ...MEMBERS, visitor: SIGN_IN_NEXT(`${DTP}/news/new`) },
  },
  // Empty forms: members are told what is missing; nobody else learns the form exists.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news',
    url: `${DTP}/news`,
    form: {},
    expect: by({ visitor: '404', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  // The seed post is not theirs: only coordinators (and administrators) may edit it.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/news/:post/edit',
    url: `${SEED_POST}/edit`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${SEED_POST}/edit`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post',
    url: SEED_POST,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  // Publishing a post that is already out changes nothing: back to it.
  // Deleting: the page that asks (coordinators; the author of a post not out yet); a post that is not there is not
  // there for anyone.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/news/:post/delete',
    url: `${SEED_POST}/delete`,
    expect: COORDINATORS(SIGN_IN_NEXT(`${SEED_POST}/delete`), '200'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post/delete',
    url: `${DTP}/news/no-such-post/delete`,
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'DELETE',
    route: '/api/v1/partnerships/:slug/posts/:post',
    url: '/api/v1/partnerships/digital-transition/posts/no-such-post',
    expect: by({ visitor: '401', user: '404', admin: '404' }),
  },
  // Changing a post through the API: those who may edit it (the seed post's author is not among the roles) are told
  // what the empty body lacks.
  {
    method: 'PUT',
    route: '/api/v1/partnerships/:slug/posts/:post',
    url: `/api/v1/partnerships/digital-transition/posts/${SEED_POST.split('/').pop()}`,
    form: {},
    expect: COORDINATORS('401', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post/publish',
    url: `${SEED_POST}/publish`,
    form: {},
    expect: COORDINATORS('404', `303 ${SEED_POST}`),
  },
  // Unscheduling a post that is out changes nothing (back to it); through the API, publishing or unscheduling it is
  // a conflict.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post/unschedule',
    url: `${SEED_POST}/unschedule`,
    form: {},
    expect: COORDINATORS('404', `303 ${SEED_POST}`),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/posts/:post/publish',
    url: `/api/v1/partnerships/digital-transition/posts/${SEED_POST.split('/').pop()}/publish`,
    form: {},
    expect: by({ visitor: '401', user: '404', coordinator: '409', admin: '409' }),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/posts/:post/unschedule',
    url: `/api/v1/partnerships/digital-transition/posts/${SEED_POST.split('/').pop()}/unschedule`,
    form: {},
    expect: by({ visitor: '401', user: '404', coordinator: '409', admin: '409' }),
  },
  // Members translate what they can read; an empty form is told what is missing.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/news/:post/translate',
    url: `${SEED_POST}/translate`,
    expect: { ...MEMBERS, visitor: SIGN_IN_NEXT(`${SEED_POST}/translate`) },
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post/translate',
    url: `${SEED_POST}/translate`,
    form: {},
    expect: by({ visitor: '404', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/posts',
    url: '/api/v1/partnerships/digital-transition/posts',
    form: {},
    expect: by({ visitor: '401', user: '404', member: '400', moderator: '400', coordinator: '400', admin: '400' }),
  },
  // Attachments: the seed post's programme (attachment 1 of the demo) is public; adding and deleting are for those who
  // may edit the post.
  {
    method: 'GET',
    route: '/:lang/partnerships/:slug/news/:post/attachments/:id/:filename',
    url: `${SEED_POST}/attachments/1/programme-luxembourg-2019.txt`,
    expect: everyone('200'),
  },
  {
    method: 'GET',
    route: '/api/v1/partnerships/:slug/posts/:post/attachments/:id',
    url: `/api/v1/partnerships/digital-transition/posts/${SEED_POST.split('/').pop()}/attachments/1`,
    expect: everyone('200'),
  },
  // A form without a file: those who may edit the post are asked to choose one; nobody else learns the form exists.
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post/attachments',
    url: `${SEED_POST}/attachments`,
    form: {},
    expect: COORDINATORS('404', '400'),
  },
  {
    method: 'POST',
    route: '/:lang/partnerships/:slug/news/:post/attachments/:id/delete',
    url: `${SEED_POST}/attachments/999999/delete`,
    form: {},
    expect: everyone('404'),
  },
  {
    method: 'POST',
    route: '/api/v1/partnerships/:slug/posts/:post/attachments',
    url: `/api/v1/partnerships/digital-transition/posts/${SEED_POST.split('/').pop()}/attachments`,
    form: {},
    expect: by({ visitor: '401', user: '404', coordinator: '400', admin: '400' }),
  },
  // search: one search for everyone; what each finds is the content types' rule
  // (by role: src/modules/search/search.visibility.test.ts).
  ...(
    [
      ['/:lang/search', '/cs/search?q=zasedani&tag=&year='],
      ['/api/v1/search', '/api/v1/search?q=digital&type=post&page=1'],
    ] as const
  ).map(([route, url]): Row => ({ method: 'GET', route, url, expect: everyone('200') })),
  // The activity across partnerships (each reader sees what the streams' rule lets them:
  // src/modules/partnerships/activity.across.test.ts), and related content (an item that is not
  // there, or that the caller may not see, is a 404: src/modules/search/search.related.test.ts).
  { method: 'GET', route: '/:lang/activity', url: '/en/activity?person=admin', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/activity', url: '/api/v1/activity', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/related/:type/:id', url: '/api/v1/related/post/999999', expect: everyone('404') },
];

/**
 * The routes of the application as `METHOD /path`, read from Fastify's route tree
 * (`printRoutes` with full segments): each line's segment is appended to its parent's.
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) routes.push(`${method} ${stack.join('')}`);
  }
  return routes;
}

interface Browser {
  cookie: string;
  token: string;
}

forEachEngine('route × role table', (engine) => {
  let run: Run;
  const browsers = new Map<Role, Browser>();

  /** Each role browses from an address of its own, as people do: rate limits count per address. */
  const addressOf = (role: Role) => `127.0.0.${ROLES.indexOf(role) + 2}`;

  /** A browser signed in as `role`, with its cookies and a CSRF token. */
  async function becomeRole(app: FastifyInstance, role: Role): Promise<Browser> {
    const form = await app.inject({ url: '/en/sign-in', remoteAddress: addressOf(role) });
    const visitor = { cookie: cookiesOf(form), token: csrfTokenOf(form.body) };
    if (role === 'visitor') return visitor;
    const email = `${role}@example.eu`;
    const userId = await createUser(db, {
      email,
      handle: `table-${role}`,
      displayName: `Table ${role}`,
      password: 'a long test password',
      isAdmin: role === 'admin',
    });
    if (role === 'member' || role === 'moderator' || role === 'coordinator')
      await putPerson(db, (await partnershipIdOf(db, 'digital-transition'))!, userId, role);
    if (role === 'outsider') await putPerson(db, (await partnershipIdOf(db, 'air-quality'))!, userId, 'member');
    const signIn = await app.inject({
      method: 'POST',
      url: '/en/sign-in',
      remoteAddress: addressOf(role),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookie },
      payload: new URLSearchParams({ _csrf: visitor.token, email, password: 'a long test password' }).toString(),
    });
    assert.equal(signIn.statusCode, 303, `${role} signs in`);
    // Form tokens are bound to the session: the visitor's token from before sign-in no longer passes.
    const cookie = `${visitor.cookie}; ${cookiesOf(signIn)}`;
    const home = await app.inject({ url: '/en/', remoteAddress: addressOf(role), headers: { cookie } });
    return { cookie, token: csrfTokenOf(home.body) };
  }

  let db: Parameters<typeof createUser>[0];
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  before(async () => {
    // One application for the whole table, closed when the suite ends.
    const urbis = await buildTestApp({ after: (fn: () => Promise<void>) => void cleanups.push(fn) }, engine, {
      demo: true,
    });
    db = urbis.ctx.db;
    const home = await urbis.app.inject('/en/');
    run = {
      app: urbis.app,
      stylesheet: /href="(\/assets\/urbis\.[0-9a-f]+\.css)"/.exec(home.body)?.[1] ?? '/assets/missing.css',
    };
    for (const role of ROLES) browsers.set(role, await becomeRole(urbis.app, role));
  });

  test('the table lists every route the application registers, and nothing else', () => {
    const actual = registeredRoutes(run.app);
    assert.ok(actual.length > 10, `routes were found: ${actual.join(', ')}`);
    for (const route of actual) {
      const [method = '', url = ''] = route.split(' ');
      assert.ok(run.app.hasRoute({ method: method as 'GET', url }), `${route} is read right from the route tree`);
    }
    const listed = TABLE.map((row) => `${row.method} ${row.route}`);
    assert.equal(new Set(listed).size, listed.length, 'no route is listed twice');
    // HEAD answers like GET (checked below); every GET has one.
    const heads = actual.filter((r) => r.startsWith('HEAD '));
    assert.deepEqual(
      heads.map((r) => r.replace(/^HEAD /, 'GET ')).sort(),
      actual.filter((r) => r.startsWith('GET ')).sort(),
    );
    const missing = actual.filter((r) => !r.startsWith('HEAD ') && !listed.includes(r));
    const gone = listed.filter((r) => !actual.includes(r));
    assert.deepEqual(missing, [], 'routes without a row in the table: add one, deciding what each role gets');
    assert.deepEqual(gone, [], 'rows for routes that no longer exist');
  });

  // The table asks about a comment that does not exist; here the same pages of a real one: the
  // demo question under the seed post (by Camille Girard, who has no role here), not reported.
  // (Before the table's rows: the last of them signs everyone out.)
  test(
    'the pages of a real comment’s action links, by role, ' + 'and a thread of links without a form per comment',
    async () => {
      const question = await db
        .selectFrom('comments')
        .select('id')
        .where('body', 'like', '%in the pipeline%')
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      const id = question.id;
      const expected: Record<string, Record<Role, Outcome>> = {
        reply: by({ visitor: SIGN_IN_NEXT(`/en/comments/${id}/reply`), user: '200', admin: '200' }),
        report: by({ visitor: SIGN_IN_NEXT(`/en/comments/${id}/report`), user: '200', admin: '200' }),
        // Someone else's comment: nobody here may edit or delete it.
        edit: by({ visitor: SIGN_IN_NEXT(`/en/comments/${id}/edit`), user: '404', admin: '404' }),
        delete: by({ visitor: SIGN_IN_NEXT(`/en/comments/${id}/delete`), user: '404', admin: '404' }),
        hide: by({
          visitor: SIGN_IN_NEXT(`/en/comments/${id}/hide`),
          user: '404',
          moderator: '200',
          coordinator: '200',
          admin: '200',
        }),
        // Neither hidden nor reported: nothing to show again or dismiss.
        unhide: by({ visitor: SIGN_IN_NEXT(`/en/comments/${id}/unhide`), user: '404', admin: '404' }),
      };
      const problems: string[] = [];
      for (const [action, outcomes] of Object.entries(expected)) {
        for (const role of ROLES) {
          const url = `/en/comments/${id}/${action}`;
          const response = await run.app.inject({
            url,
            remoteAddress: addressOf(role),
            headers: { cookie: browsers.get(role)!.cookie },
          });
          const got = `${response.statusCode}${response.headers.location ? ` ${response.headers.location}` : ''}`;
          const want = outcomes[role];
          if (got !== want) problems.push(`${role} GET ${url}: expected ${want}, got ${got}`);
        }
      }
      assert.deepEqual(problems, []);

      // Under the post, the comments' actions are links; the only form in the thread is the new comment's.
      for (const role of ['member', 'moderator'] as const) {
        const page = await run.app.inject({
          url: SEED_POST,
          remoteAddress: addressOf(role),
          headers: { cookie: browsers.get(role)!.cookie },
        });
        const start = page.body.indexOf('<section class="comments"');
        const section = page.body.slice(start, page.body.indexOf('</section>', start));
        assert.ok(
          section.includes(`<a class="comment__action" href="/en/comments/${id}/reply">Reply to Camille Girard</a>`),
          role,
        );
        assert.equal(
          section.includes(`href="/en/comments/${id}/hide"`),
          role === 'moderator',
          `${role}: a link to hide it for moderators only`,
        );
        assert.ok(!section.includes('<details'), `${role}: no disclosure`);
        assert.equal((section.match(/<form /g) ?? []).length, 1, `${role}: one form, the new comment's`);
      }
    },
  );

  const ordered = [...TABLE].sort((a, b) => Number(a.endsSession ?? false) - Number(b.endsSession ?? false));
  for (const row of ordered) {
    test(`${row.method} ${row.route}: ${ROLES.map((role) => `${role} ${row.expect[role]}`).join(', ')}`, async () => {
      const problems: string[] = [];
      for (const role of ROLES) {
        const browser = browsers.get(role);
        assert.ok(browser);
        const url = typeof row.url === 'function' ? row.url(run) : row.url;
        const methods = row.method === 'GET' ? (['GET', 'HEAD'] as const) : ([row.method] as const);
        for (const method of methods) {
          const response = await run.app.inject({
            method,
            url,
            remoteAddress: addressOf(role),
            headers: {
              cookie: browser.cookie,
              ...(row.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
              // A DELETE has no form: its token goes in the header, as scripts in a session send it.
              ...(row.method === 'DELETE' ? { 'x-csrf-token': browser.token } : {}),
            },
            ...(row.form ? { payload: new URLSearchParams({ _csrf: browser.token, ...row.form }).toString() } : {}),
          });
          const [status, location] = row.expect[role].split(' ');
          const got = `${response.statusCode}${response.headers.location ? ` ${response.headers.location}` : ''}`;
          if (String(response.statusCode) !== status)
            problems.push(`${role} ${method} ${url}: expected ${row.expect[role]}, got ${got}`);
          else if (location !== undefined && response.headers.location !== location)
            problems.push(`${role} ${method} ${url}: expected ${row.expect[role]}, got ${got}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
