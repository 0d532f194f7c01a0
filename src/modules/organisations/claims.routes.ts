import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../core/auth/policy.js';
import { sendInvalidFields, actorOf } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import { validateForm } from '../../core/http/forms.js';
import type { ModuleContext } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { proposedOrganisations } from './claims.queries.js';
import { claimsToDecide, decideClaimOn } from './claims.service.js';
import { mayManageOrganisations, mayPropose, maySeeOrganisation } from './organisations.policy.js';
import { findOrganisationRecord, type OrganisationRecord } from './organisations.queries.js';
import {
  ClaimDecision,
  ClaimParams,
  ClaimResult,
  NoticeQuery,
  PendingClaims,
  ProposalForm,
  Proposal,
  Proposals,
  ReviewDecision,
  ReviewResult,
  SlugParams,
  type SizeBand,
} from './organisations.schema.js';
import { proposeOrganisation, reviewProposal } from './organisations.service.js';
import { ClaimsPage } from './views/ClaimsPage.js';
import { OrganisationFormPage, type FormValues } from './views/OrganisationFormPage.js';
import { ProposalsPage } from './views/ProposalsPage.js';

const decisionOf = (body: unknown): string | undefined => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).decision : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** An organisation the actor may see (proposed ones: their proposer and administrators), else a 404. */
async function visibleOrganisation(ctx: ModuleContext, request: FastifyRequest, slug: string) {
  const organisation = await findOrganisationRecord(ctx.db, slug);
  if (!organisation || !maySeeOrganisation(request.actor, organisation)) throw new HttpError(404);
  return organisation;
}

const proposalValues = (body: unknown): FormValues => {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof source[key] === 'string' ? (source[key] as string).slice(0, 400) : '');
  return {
    name: text('name'),
    kind: text('kind'),
    country: text('country'),
    website: text('website'),
    sizeBand: text('sizeBand'),
  };
};

/** The proposals waiting for review, with who proposed each. */
async function loadProposals(ctx: ModuleContext) {
  const rows = await proposedOrganisations(ctx.db);
  const users = await findUsersByIds(
    ctx.db,
    rows.flatMap((r) => (r.proposed_by === null ? [] : [r.proposed_by])),
  );
  return {
    items: rows.map((r) => {
      const user = r.proposed_by === null ? undefined : users.get(r.proposed_by);
      return {
        slug: r.slug,
        name: r.name,
        kind: r.kind,
        country: r.country,
        website: r.website,
        sizeBand: r.size_band as SizeBand | null,
        proposedBy: user && !user.deleted ? { handle: user.handle, displayName: user.displayName } : null,
        proposedAt: r.created_at,
      };
    }),
  };
}

const proposalJson = (organisation: OrganisationRecord, proposer: { handle: string; displayName: string }) => ({
  slug: organisation.slug,
  name: organisation.name,
  kind: organisation.kind,
  country: organisation.country,
  website: organisation.website,
  sizeBand: organisation.sizeBand,
  proposedBy: proposer,
  proposedAt: organisation.createdAt,
});

/**
 * Affiliation claims (confirmed or refused by a coordinator of a partnership the organisation
 * belongs to, or an administrator) and proposed organisations (reviewed by administrators).
 */
export function registerClaimRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/organisations/claims',
    policy: signedIn,
    summary: 'Affiliation claims waiting for the reader’s decision, in every organisation they decide for',
    tag: 'organisations',
    querystring: NoticeQuery,
    response: PendingClaims,
    load: async ({ actor, request }) => ({ items: (await claimsToDecide(ctx, actor, request.locale)) ?? [] }),
    render: (data, page, request) =>
      ClaimsPage({ page, claims: data.items, done: (request.query as { done?: string }).done }),
  });

  pageRoute(app, {
    path: '/organisations/:slug/claims',
    policy: signedIn,
    summary: 'Claims to work for an organisation, waiting for a decision (its partnerships’ coordinators, admins)',
    tag: 'organisations',
    params: SlugParams,
    querystring: NoticeQuery,
    response: PendingClaims,
    load: async ({ params, actor, request }) => {
      const organisation = await findOrganisationRecord(ctx.db, params.slug);
      if (!organisation || organisation.status !== 'approved') return null;
      const items = await claimsToDecide(ctx, actor, request.locale, organisation);
      return items ? { items, organisation } : null;
    },
    render: ({ items, organisation }, page, request) =>
      ClaimsPage({ page, claims: items, organisation, done: (request.query as { done?: string }).done }),
  });

  app.post<{ Params: { slug: string; handle: string } }>(
    '/:lang/organisations/:slug/claims/:handle',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const organisation = await visibleOrganisation(ctx, request, request.params.slug);
      const decision = decisionOf(request.body);
      if (decision !== 'confirm' && decision !== 'refuse') throw new HttpError(400);
      const outcome = await decideClaimOn(
        ctx,
        organisation,
        request.params.handle,
        decision,
        actorOf(request, signedIn),
      );
      if (outcome === 'gone') throw new HttpError(404);
      // Back to the list the decision was made on: this organisation's, or all the reader decides.
      const from = (request.body as Record<string, unknown>).from === 'all' ? '/organisations/claims' : null;
      return reply.redirect(
        `/${request.locale}${from ?? `/organisations/${organisation.slug}/claims`}?done=${outcome}`,
        303,
      );
    },
  );

  app.post<{ Params: { slug: string; handle: string } }>(
    '/api/v1/organisations/:slug/claims/:handle',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Confirm or refuse a person’s claim to work for an organisation (once)',
        tags: ['organisations'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(ClaimParams, ['lang']),
        body: ClaimDecision,
        response: { 200: ClaimResult, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const organisation = await visibleOrganisation(ctx, request, request.params.slug);
      const form = validateForm<{ decision: 'confirm' | 'refuse' }>(ClaimDecision, request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const outcome = await decideClaimOn(
        ctx,
        organisation,
        request.params.handle,
        form.value.decision,
        actorOf(request, signedIn),
      );
      if (outcome === 'gone') throw new HttpError(404);
      return { status: outcome };
    },
  );

  // Proposing an organisation that is not listed yet.
  app.get('/:lang/organisations/propose', { config: { policy: mayPropose } }, async (request, reply) =>
    sendPage(
      reply,
      OrganisationFormPage({ page: request.page(), values: { kind: 'city' }, errors: {}, propose: true }),
    ),
  );

  app.post(
    '/:lang/organisations/propose',
    { config: { policy: mayPropose, rateLimit: { max: 20, timeWindow: 3_600_000 } } },
    async (request, reply) => {
      const page = request.page();
      const actor = actorOf(request, mayPropose);
      const result = await proposeOrganisation(ctx.db, request.body, page.t, actor.id);
      if (!result.ok)
        return sendPage(
          reply,
          OrganisationFormPage({ page, values: proposalValues(request.body), errors: result.errors, propose: true }),
          400,
        );
      return reply.redirect(page.href(`/organisations/${result.slug}?done=proposed`), 303);
    },
  );

  app.post(
    '/api/v1/organisations/proposals',
    {
      config: { policy: mayPropose, rateLimit: { max: 20, timeWindow: 3_600_000 } },
      attachValidation: true,
      schema: {
        summary: 'Propose an organisation that is not listed (an administrator reviews it)',
        tags: ['organisations'],
        security: [{ bearerAuth: [] }],
        body: ProposalForm,
        response: { 201: Proposal, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, mayPropose);
      const result = await proposeOrganisation(ctx.db, request.body, request.i18n.t, actor.id);
      if (!result.ok) return sendInvalidFields(request, reply, result.errors);
      const organisation = await findOrganisationRecord(ctx.db, result.slug);
      if (!organisation) throw new HttpError(404);
      return reply
        .code(201)
        .header('Location', `/api/v1/organisations/${result.slug}`)
        .send(proposalJson(organisation, { handle: actor.handle, displayName: actor.displayName }));
    },
  );

  // The administrators' review of proposed organisations.
  pageRoute(app, {
    path: '/organisations/proposals',
    policy: mayManageOrganisations,
    summary: 'Organisations people proposed, waiting for an administrator’s review',
    tag: 'organisations',
    querystring: NoticeQuery,
    response: Proposals,
    load: () => loadProposals(ctx),
    render: (data, page, request) =>
      ProposalsPage({ page, proposals: data.items, done: (request.query as { done?: string }).done }),
  });

  app.post<{ Params: { slug: string } }>(
    '/:lang/organisations/:slug/review',
    { config: { policy: mayManageOrganisations } },
    async (request, reply) => {
      const organisation = await visibleOrganisation(ctx, request, request.params.slug);
      const decision = decisionOf(request.body);
      if (decision !== 'approve' && decision !== 'refuse') throw new HttpError(400);
      const admin = actorOf(request, mayManageOrganisations);
      if (!(await reviewProposal(ctx.db, organisation, decision, admin.id))) throw new HttpError(404);
      return reply.redirect(
        `/${request.locale}/organisations/proposals?done=${decision === 'approve' ? 'approved' : 'refused'}`,
        303,
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/api/v1/organisations/:slug/review',
    {
      config: { policy: mayManageOrganisations },
      attachValidation: true,
      schema: {
        summary: 'Approve or refuse a proposed organisation (platform administrators; once)',
        tags: ['organisations'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(SlugParams, ['lang']),
        body: ReviewDecision,
        response: { 200: ReviewResult, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const organisation = await visibleOrganisation(ctx, request, request.params.slug);
      const form = validateForm<{ decision: 'approve' | 'refuse' }>(ReviewDecision, request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const admin = actorOf(request, mayManageOrganisations);
      if (!(await reviewProposal(ctx.db, organisation, form.value.decision, admin.id))) throw new HttpError(404);
      return { status: form.value.decision === 'approve' ? ('approved' as const) : ('refused' as const) };
    },
  );
}
