import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import { anyone } from '../../core/auth/policy.js';
import { HttpError } from '../../core/http/http-error.js';
import { pageRoute } from '../../core/http/routes.js';
import { badParameter, storableText, toId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { sendPage } from '../../core/http/html.js';
import { renderSections, sectionQuery } from '../../core/sections.js';
import { decidesSomeClaims, organisationProfile } from './claims.service.js';
import { mayManageOrganisations, mayPropose, maySeeOrganisation } from './organisations.policy.js';
import {
  findOrganisation,
  findOrganisationRecord,
  listOrganisations,
  organisationCountries,
  type NameCursor,
} from './organisations.queries.js';
import {
  DirectoryQuery,
  NoticeQuery,
  Organisation,
  OrganisationForm,
  OrganisationPage,
  OrganisationProfile,
  SlugParams,
} from './organisations.schema.js';
import { sendInvalidFields } from '../../core/http/handlers.js';
import { problemResponses } from '../../core/http/problem.js';
import { saveOrganisation } from './organisations.service.js';
import { DirectoryPage } from './views/DirectoryPage.js';
import { OrganisationFormPage, type FormValues } from './views/OrganisationFormPage.js';
import { OrganisationPage as OrganisationView } from './views/OrganisationPage.js';

const PAGE_SIZE = 50;

const actorId = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);

/** The cursor is the last row's sort key and id, as URL-safe base64 JSON. */
const encodeCursor = (c: NameCursor) => Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');
/** The cursor of `?after=` as this site gives it; a damaged one is a 400 naming it. */
function decodeCursor(raw: string | undefined): NameCursor | undefined {
  if (!raw) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badParameter('after');
  }
  const [key, rawId] = Array.isArray(decoded) ? (decoded as unknown[]) : [];
  const id = toId(rawId);
  if (typeof key !== 'string' || !storableText(key) || key.length > 400 || id === null) throw badParameter('after');
  return { key, id };
}

const valuesOf = (body: unknown): FormValues => {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof source[key] === 'string' ? (source[key] as string).slice(0, 400) : '');
  return {
    name: text('name'),
    slug: text('slug'),
    kind: text('kind'),
    country: text('country'),
    website: text('website'),
    sizeBand: text('sizeBand'),
  };
};

export function registerOrganisationRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/organisations',
    policy: anyone,
    summary: 'Organisations, by name, filtered by kind, country and size',
    tag: 'organisations',
    querystring: DirectoryQuery,
    response: OrganisationPage,
    load: async ({ query }) => {
      const filter = {
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.country ? { country: query.country } : {}),
        ...(query.size ? { size: query.size } : {}),
      };
      const page = await listOrganisations(ctx.db, filter, query.limit ?? PAGE_SIZE, decodeCursor(query.after));
      return {
        items: page.items,
        next: page.next ? encodeCursor(page.next) : null,
        filter,
        countries: await organisationCountries(ctx.db),
      };
    },
    // Whether the reader decides some claims (read fresh; the page only, not its JSON twin).
    prepare: async (_data, _page, { actor }) => decidesSomeClaims(ctx, actor),
    render: (data, page, request, decides) =>
      DirectoryPage({
        page,
        ...data,
        mayManage: mayManageOrganisations(request.actor),
        mayPropose: mayPropose(request.actor),
        decidesClaims: decides,
      }),
  });

  app.get('/:lang/organisations/new', { config: { policy: mayManageOrganisations } }, async (request, reply) =>
    sendPage(reply, OrganisationFormPage({ page: request.page(), values: { kind: 'city' }, errors: {} })),
  );

  app.post('/:lang/organisations', { config: { policy: mayManageOrganisations } }, async (request, reply) => {
    const page = request.page();
    const result = await saveOrganisation(ctx.db, request.body, page.t);
    if (!result.ok)
      return sendPage(
        reply,
        OrganisationFormPage({ page, values: valuesOf(request.body), errors: result.errors }),
        400,
      );
    await ctx.audit({
      actorId: actorId(request.actor),
      action: 'organisations.create',
      subjectType: 'organisation',
      subjectId: result.slug,
      details: valuesOf(request.body),
    });
    return reply.redirect(page.href(`/organisations/${result.slug}`), 303);
  });

  pageRoute(app, {
    path: '/organisations/:slug',
    policy: anyone,
    summary: 'One organisation: its partnerships with its standing, its people (confirmed affiliations)',
    tag: 'organisations',
    params: SlugParams,
    querystring: NoticeQuery,
    response: OrganisationProfile,
    load: async ({ params, actor, request }) => {
      const organisation = await findOrganisationRecord(ctx.db, params.slug);
      // A proposed organisation exists only for its proposer and administrators: the same 404 as a missing one.
      if (!organisation || !maySeeOrganisation(actor, organisation)) return null;
      return { ...(await organisationProfile(ctx, organisation, actor, request.locale)), recordId: organisation.id };
    },
    // Other modules' sections under an approved organisation (funding: what fits it), for the page only.
    prepare: async ({ recordId, status }, page, { request }) =>
      status === 'approved'
        ? renderSections(ctx, page, 'content', {
            type: 'organisation',
            id: recordId,
            query: sectionQuery(request.query),
          })
        : [],
    render: (organisation, page, request, sections) =>
      OrganisationView({
        page,
        organisation,
        mayManage: mayManageOrganisations(request.actor) && organisation.status === 'approved',
        done: (request.query as { done?: string }).done,
        sections,
      }),
  });

  app.get<{ Params: { slug: string } }>(
    '/:lang/organisations/:slug/edit',
    { config: { policy: mayManageOrganisations } },
    async (request, reply) => {
      const organisation = await findOrganisation(ctx.db, request.params.slug);
      if (!organisation) throw new HttpError(404);
      const values: FormValues = {
        ...organisation,
        country: organisation.country ?? '',
        website: organisation.website ?? '',
        sizeBand: organisation.sizeBand ?? '',
      };
      return sendPage(
        reply,
        OrganisationFormPage({ page: request.page(), values, errors: {}, existingSlug: organisation.slug }),
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/:lang/organisations/:slug',
    { config: { policy: mayManageOrganisations } },
    async (request, reply) => {
      const page = request.page();
      if (!(await findOrganisation(ctx.db, request.params.slug))) throw new HttpError(404);
      const result = await saveOrganisation(ctx.db, request.body, page.t, request.params.slug);
      if (!result.ok) {
        return sendPage(
          reply,
          OrganisationFormPage({
            page,
            values: valuesOf(request.body),
            errors: result.errors,
            existingSlug: request.params.slug,
          }),
          400,
        );
      }
      await ctx.audit({
        actorId: actorId(request.actor),
        action: 'organisations.edit',
        subjectType: 'organisation',
        subjectId: request.params.slug,
        details: valuesOf(request.body),
      });
      return reply.redirect(page.href(`/organisations/${result.slug}`), 303);
    },
  );

  // Writes through the API: a personal access token (or a session with its CSRF header).
  app.post(
    '/api/v1/organisations',
    {
      config: { policy: mayManageOrganisations },
      // The access rule runs before the body is judged: a visitor learns nothing of the schema.
      attachValidation: true,
      schema: {
        summary: 'Add an organisation (platform administrators)',
        tags: ['organisations'],
        security: [{ bearerAuth: [] }],
        body: OrganisationForm,
        response: { 201: Organisation, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw request.validationError;
      const result = await saveOrganisation(ctx.db, request.body, request.i18n.t);
      if (!result.ok) return sendInvalidFields(request, reply, result.errors);
      await ctx.audit({
        actorId: actorId(request.actor),
        action: 'organisations.create',
        subjectType: 'organisation',
        subjectId: result.slug,
        details: { via: 'api' },
      });
      return reply
        .code(201)
        .header('Location', `/api/v1/organisations/${result.slug}`)
        .send(await findOrganisation(ctx.db, result.slug));
    },
  );
}
