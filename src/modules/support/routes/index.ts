import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import type { Actor, SignedIn } from '../../../core/auth/actor.js';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, type FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { renderSections, sectionQuery } from '../../../core/sections.js';
import { findOrganisationsByIds, organisationDisplayName } from '../../organisations/index.js';
import { viewerOf } from '../support.lookup.js';
import {
  mayAsk,
  mayManageRequest,
  mayOffer,
  maySeeRequest,
  mayUseSupport,
  type SupportViewer,
} from '../support.policy.js';
import {
  presentOffers,
  presentRequests,
  presentSuggestions,
  requestPath,
  type RequestView,
  type SuggestionView,
} from '../support.present.js';
import { findOffer, findRequest, listOffers, listRequests, tagIdsOf, type RequestRecord } from '../support.queries.js';
import { suggestPeers } from '../support.rank.js';
import {
  ContactWrite,
  IdParams,
  LIMITS,
  ListQuery,
  NewRequestQuery,
  OfferJson,
  OfferListJson,
  OfferWrite,
  RequestDetailJson,
  RequestJson,
  RequestListJson,
  RequestWrite,
  StateWrite,
} from '../support.schema.js';
import {
  actionForRequest,
  changeState,
  checkContact,
  checkOffer,
  checkRequest,
  checkState,
  contactPeer,
  createOffer,
  createRequest,
} from '../support.service.js';
import {
  OfferFormPage,
  OfferPage,
  OffersPage,
  RequestFormPage,
  RequestPage,
  RequestsPage,
  type StateTyped,
} from '../views/pages.js';

type IdRoute = { Params: { lang: string; id: number } };
const ApiIdParams = Type.Omit(IdParams, ['lang']);
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** An HTML form's route: signed in (the handler asks for more, else a 404), not in the API's document. */
const formOptions = (parts: { params?: TSchema; querystring?: TSchema } = {}) => ({
  config: { policy: signedIn },
  schema: { hide: true, ...parts },
});

/** An API write with a token; the handler checks the body itself, so that every problem is named at its pointer. */
const apiWrite = (summary: string, body: TSchema, response: TSchema, ok: 200 | 201, params?: TSchema) => ({
  config: { policy: signedIn },
  attachValidation: true,
  preHandler: async (request: FastifyRequest) => {
    const invalid = request.validationError;
    if (invalid && invalid.validationContext !== 'body') throw invalid;
  },
  schema: {
    summary,
    tags: ['support'],
    security: [{ bearerAuth: [] }],
    ...(params ? { params } : {}),
    body,
    response: { [ok]: response, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
  },
});

/** Matchmaking's pages and their API twins: requests, their peers, contacts and state; offers. */
export function registerSupportRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The reader, if matchmaking exists for them (peers of the platform, administrators); else a 404. */
  async function member(request: FastifyRequest): Promise<{ actor: SignedIn; viewer: SupportViewer }> {
    const actor = actorOf(request, signedIn);
    const viewer = await viewerOf(ctx, actor);
    if (!mayUseSupport(viewer)) throw new HttpError(404);
    return { actor, viewer };
  }

  /** The request of an address if the reader sees it (read fresh); null otherwise, the same for a missing one. */
  async function seenRequest(viewer: SupportViewer, id: number): Promise<RequestRecord | null> {
    const found = await findRequest(ctx.db, id);
    if (!found) return null;
    const facts = { ...found, contacted: found.contacts.map((c) => c.organisationId) };
    return maySeeRequest(viewer, facts) ? found : null;
  }

  /** A request's page data: the request as the reader sees it, and for its managers the ranked peers. */
  async function detail(request: FastifyRequest, actor: Actor, viewer: SupportViewer, found: RequestRecord) {
    const [view] = await presentRequests(ctx, [found], actor, request.locale);
    const manages = mayManageRequest(viewer, found);
    const suggestions: SuggestionView[] = manages
      ? await presentSuggestions(
          ctx,
          await suggestPeers(ctx, found.organisationId, await tagIdsOf(ctx.db, 'support-request', found.id)),
          request.i18n.t,
          request.locale,
        )
      : [];
    return { request: view!, mayManage: manages, suggestions };
  }

  /** The organisations a person may speak for (confirmed, approved), named. */
  async function ownOrganisations(viewer: SupportViewer, locale: string) {
    const orgs = await findOrganisationsByIds(ctx.db, viewer.organisations);
    return [...orgs].map(([id, org]) => ({ id, name: organisationDisplayName(org, locale) }));
  }

  // --- Requests ------------------------------------------------------------------------------

  pageRoute(app, {
    path: '/support',
    apiPath: '/support-requests',
    policy: signedIn,
    summary:
      'Support requests the caller sees: open ones of every organisation, and any their organisations take part in',
    tag: 'support',
    querystring: ListQuery,
    response: RequestListJson,
    load: async ({ actor, query, request }) => {
      const viewer = await viewerOf(ctx, actor);
      if (!mayUseSupport(viewer)) return null;
      const { rows, more } = await listRequests(ctx.db, viewer, query.after);
      const items = await presentRequests(ctx, rows, actor, request.locale);
      return { items, next: more ? rows[rows.length - 1]!.id : null, mayAsk: mayAsk(viewer) };
    },
    render: (data, page) => RequestsPage({ page, items: data.items, next: data.next, mayAsk: data.mayAsk }),
  });

  const sendRequestForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: SupportViewer,
    values: Record<string, string>,
    errors: FieldErrors,
    action: { id: number; title: string; lang: string } | null,
    status = 200,
  ) =>
    sendPage(
      reply,
      RequestFormPage({
        page: request.page(),
        values,
        errors,
        organisations: await ownOrganisations(viewer, request.locale),
        action,
      }),
      status,
    );

  app.get<{ Params: { lang: string }; Querystring: { action?: number } }>(
    '/:lang/support/requests/new',
    formOptions({ querystring: NewRequestQuery }),
    async (request, reply) => {
      const { actor, viewer } = await member(request);
      if (!mayAsk(viewer)) throw new HttpError(404);
      // From an action's "Ask peers for support": the form starts from what the action says it needs.
      const id = request.query.action;
      const action = id === undefined ? null : await actionForRequest(ctx, actor, id);
      if (id !== undefined && !action) throw new HttpError(404);
      const values: Record<string, string> = action
        ? {
            title: request.i18n.t('support.request.titleFromAction', { action: action.title }).slice(0, LIMITS.title),
            needed: action.supportNeeded.slice(0, LIMITS.needed),
          }
        : {};
      return sendRequestForm(
        request,
        reply,
        viewer,
        values,
        {},
        action && { id: action.id, title: action.title, lang: action.lang },
      );
    },
  );

  app.post('/:lang/support/requests', formOptions(), async (request, reply) => {
    const { actor, viewer } = await member(request);
    if (!mayAsk(viewer)) throw new HttpError(404);
    const checked = await checkRequest(ctx, request.body, actor, viewer, request.i18n.t, 'form');
    if (!checked.ok) {
      const typed = echoFields(request.body, {
        organisation: 12,
        title: LIMITS.title,
        needed: LIMITS.needed,
        tags: LIMITS.tags,
        action: 12,
      });
      const actionId = Number(typed.action);
      const action =
        Number.isSafeInteger(actionId) && actionId > 0 ? await actionForRequest(ctx, actor, actionId) : null;
      return sendRequestForm(
        request,
        reply,
        viewer,
        typed,
        checked.errors,
        action && { id: action.id, title: action.title, lang: action.lang },
        400,
      );
    }
    const id = await createRequest(ctx, checked.value, actor.id, request.locale);
    return reply.redirect(`/${request.locale}${requestPath(id)}?done=created`, 303);
  });

  app.post<{ Body: unknown }>(
    '/api/v1/support-requests',
    apiWrite(
      'Asks peers for support, for an organisation the caller is confirmed at (with a token)',
      RequestWrite,
      RequestJson,
      201,
    ),
    async (request, reply) => {
      const { actor, viewer } = await member(request);
      if (!mayAsk(viewer)) throw new HttpError(404);
      const checked = await checkRequest(ctx, request.body, actor, viewer, request.i18n.t, 'api');
      if (!checked.ok) return sendInvalidFields(request, reply, checked.errors);
      const id = await createRequest(ctx, checked.value, actor.id, request.locale);
      const [view] = await presentRequests(ctx, [(await findRequest(ctx.db, id))!], actor, request.locale);
      return reply.code(201).header('Location', `/api/v1/support-requests/${id}`).send(view);
    },
  );

  pageRoute(app, {
    path: '/support/requests/:id',
    apiPath: '/support-requests/:id',
    policy: signedIn,
    summary:
      'A support request: what is needed, its state, the peers contacted, and for its managers the peers ' +
      'suggested with reasons',
    tag: 'support',
    params: IdParams,
    querystring: DoneQuery,
    response: RequestDetailJson,
    load: async ({ actor, params, request }) => {
      const viewer = await viewerOf(ctx, actor);
      if (!mayUseSupport(viewer)) return null;
      const found = await seenRequest(viewer, params.id);
      return found && detail(request, actor, viewer, found);
    },
    prepare: async (data, page, { request }) =>
      renderSections(ctx, page, 'content', {
        type: 'support-request',
        id: data.request.id,
        query: sectionQuery(request.query),
      }),
    render: (data, page, request, sections) =>
      RequestPage({
        page,
        ...data,
        sections,
        errors: {},
        typed: {},
        done: (request.query as { done?: string }).done ?? null,
      }),
  });

  /** The request of an address for one who manages it (read fresh); else a 404. */
  async function managed(request: FastifyRequest, id: number) {
    const { actor, viewer } = await member(request);
    const found = await seenRequest(viewer, id);
    if (!found || !mayManageRequest(viewer, found)) throw new HttpError(404);
    return { actor, viewer, found };
  }

  /** The request's page again, with the messages of a form that was refused. */
  async function refused(
    request: FastifyRequest,
    reply: FastifyReply,
    got: { actor: Actor; viewer: SupportViewer; found: RequestRecord },
    errors: FieldErrors,
  ) {
    const data = await detail(request, got.actor, got.viewer, got.found);
    const page = request.page();
    const sections = await renderSections(ctx, page, 'content', {
      type: 'support-request',
      id: got.found.id,
      query: {},
    });
    const typed: StateTyped = echoFields(request.body, { state: 20, organisation: 12 });
    return sendPage(reply, RequestPage({ page, ...data, sections, errors, typed, done: null }), 400);
  }

  app.post<IdRoute>(
    '/:lang/support/requests/:id/contact',
    formOptions({ params: IdParams }),
    async (request, reply) => {
      const got = await managed(request, request.params.id);
      if (got.found.state !== 'open') throw new HttpError(404);
      const checked = await checkContact(ctx, request.body, got.found, request.i18n.t);
      if (!checked.ok) return refused(request, reply, got, checked.errors);
      await contactPeer(ctx, got.found, checked.value, got.actor.id);
      return reply.redirect(`/${request.locale}${requestPath(got.found.id)}?done=contacted`, 303);
    },
  );

  app.post<IdRoute & { Body: unknown }>(
    '/api/v1/support-requests/:id/contacts',
    apiWrite(
      'Contacts a peer about an open request: its confirmed people are told in the app and by e-mail, once ' +
        '(the request’s organisation, administrators; with a token)',
      ContactWrite,
      RequestJson,
      200,
      ApiIdParams,
    ),
    async (request, reply) => {
      const got = await managed(request, request.params.id);
      if (got.found.state !== 'open') throw new HttpError(404);
      const checked = await checkContact(ctx, request.body, got.found, request.i18n.t);
      if (!checked.ok) return sendInvalidFields(request, reply, checked.errors);
      await contactPeer(ctx, got.found, checked.value, got.actor.id);
      const [view] = await presentRequests(
        ctx,
        [(await findRequest(ctx.db, got.found.id))!],
        got.actor,
        request.locale,
      );
      return reply.send(view);
    },
  );

  /** Applies a change of state; a request changed meanwhile is a conflict (nothing overwritten). */
  async function applyState(
    request: FastifyRequest,
    got: { found: RequestRecord },
  ): Promise<{ errors: FieldErrors } | { conflict: true } | { done: true }> {
    const checked = checkState(request.body, got.found, request.i18n.t);
    if (!checked.ok) return { errors: checked.errors };
    return (await changeState(ctx, got.found, checked.value)) ? { done: true } : { conflict: true };
  }

  app.post<IdRoute>('/:lang/support/requests/:id/state', formOptions({ params: IdParams }), async (request, reply) => {
    const got = await managed(request, request.params.id);
    const outcome = await applyState(request, got);
    if ('errors' in outcome) return refused(request, reply, got, outcome.errors);
    if ('conflict' in outcome) throw new HttpError(409);
    return reply.redirect(`/${request.locale}${requestPath(got.found.id)}?done=state`, 303);
  });

  app.patch<IdRoute & { Body: unknown }>(
    '/api/v1/support-requests/:id',
    apiWrite(
      'Changes a request’s state: `matched` names the peer that helps, one it contacted (the request’s ' +
        'organisation, administrators; with a token)',
      StateWrite,
      RequestJson,
      200,
      ApiIdParams,
    ),
    async (request, reply) => {
      const got = await managed(request, request.params.id);
      const outcome = await applyState(request, got);
      if ('errors' in outcome) return sendInvalidFields(request, reply, outcome.errors);
      if ('conflict' in outcome) throw new HttpError(409);
      const [view] = await presentRequests(
        ctx,
        [(await findRequest(ctx.db, got.found.id))!],
        got.actor,
        request.locale,
      );
      return reply.send(view);
    },
  );

  // --- Offers --------------------------------------------------------------------------------

  pageRoute(app, {
    path: '/support/offers',
    apiPath: '/support-offers',
    policy: signedIn,
    summary: 'Expertise offered by organisations and people, newest first',
    tag: 'support',
    querystring: ListQuery,
    response: OfferListJson,
    load: async ({ actor, query, request }) => {
      const viewer = await viewerOf(ctx, actor);
      if (!mayUseSupport(viewer)) return null;
      const { rows, more } = await listOffers(ctx.db, query.after);
      const items = await presentOffers(ctx, rows, request.locale, request.i18n.t('support.offer.deleted'));
      return { items, next: more ? rows[rows.length - 1]!.id : null, mayOffer: mayOffer(viewer) };
    },
    render: (data, page) => OffersPage({ page, items: data.items, next: data.next, mayOffer: data.mayOffer }),
  });

  const sendOfferForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: SupportViewer,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) =>
    sendPage(
      reply,
      OfferFormPage({
        page: request.page(),
        values,
        errors,
        organisations: await ownOrganisations(viewer, request.locale),
      }),
      status,
    );

  app.get('/:lang/support/offers/new', formOptions(), async (request, reply) => {
    const { viewer } = await member(request);
    if (!mayOffer(viewer)) throw new HttpError(404);
    return sendOfferForm(request, reply, viewer, {}, {});
  });

  app.post('/:lang/support/offers', formOptions(), async (request, reply) => {
    const { actor, viewer } = await member(request);
    if (!mayOffer(viewer)) throw new HttpError(404);
    const checked = checkOffer(request.body, viewer, request.i18n.t, 'form');
    if (!checked.ok) {
      const typed = echoFields(request.body, {
        organisation: 12,
        title: LIMITS.title,
        description: LIMITS.description,
        tags: LIMITS.tags,
      });
      return sendOfferForm(request, reply, viewer, typed, checked.errors, 400);
    }
    const id = await createOffer(ctx, checked.value, actor.id, request.locale);
    return reply.redirect(`/${request.locale}/support/offers/${id}?done=created`, 303);
  });

  app.post<{ Body: unknown }>(
    '/api/v1/support-offers',
    apiWrite(
      'Offers expertise, as oneself or for an organisation one is confirmed at (with a token)',
      OfferWrite,
      OfferJson,
      201,
    ),
    async (request, reply) => {
      const { actor, viewer } = await member(request);
      if (!mayOffer(viewer)) throw new HttpError(404);
      const checked = checkOffer(request.body, viewer, request.i18n.t, 'api');
      if (!checked.ok) return sendInvalidFields(request, reply, checked.errors);
      const id = await createOffer(ctx, checked.value, actor.id, request.locale);
      const [view] = await presentOffers(ctx, [(await findOffer(ctx.db, id))!], request.locale, '');
      return reply.code(201).header('Location', `/api/v1/support-offers/${id}`).send(view);
    },
  );

  pageRoute(app, {
    path: '/support/offers/:id',
    apiPath: '/support-offers/:id',
    policy: signedIn,
    summary: 'One offer of expertise',
    tag: 'support',
    params: IdParams,
    querystring: DoneQuery,
    response: OfferJson,
    load: async ({ actor, params, request }) => {
      if (!mayUseSupport(await viewerOf(ctx, actor))) return null;
      const found = await findOffer(ctx.db, params.id);
      if (!found) return null;
      const [view] = await presentOffers(ctx, [found], request.locale, request.i18n.t('support.offer.deleted'));
      return view!;
    },
    render: (offer, page, request) =>
      OfferPage({ page, offer, created: (request.query as { done?: string }).done === 'created' }),
  });
}

export type { RequestView };
