import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../core/auth/policy.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { sendInvalidFields } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { hubTabs } from './partnerships.hub.js';
import {
  AddOrganisationForm,
  ManagedOrganisations,
  OrganisationParams,
  OrganisationsQuery,
  StandingForm,
} from './editing.schema.js';
import {
  addOrganisation,
  changeStanding,
  managed,
  managedOrganisations,
  managedOrNull,
  removeOrganisation,
  type Managed,
  type OrganisationChange,
} from './editing.service.js';
import { listMembers } from './membership.service.js';
import { MemberOrganisation, SlugParams, type OrganisationRole } from './partnerships.schema.js';
import { ConfirmPage } from './views/ConfirmPage.js';
import { OrganisationsPage, standingField } from './views/OrganisationsPage.js';

type SlugRoute = { Params: { lang: string; slug: string } };
type OrganisationRoute = { Params: { lang: string; slug: string; organisation: string } };

const listPage = (request: FastifyRequest, slug: string, done: string) =>
  `/${request.locale}/partnerships/${slug}/edit/organisations?done=${done}`;

/**
 * The organisations of a partnership and their standing: its coordinators (and administrators)
 * add one from the directory, change its standing, take it out (asking first); in HTML and
 * through the API. Anyone else gets the 404 of a page that does not exist.
 */
export function standingRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The page again, with the messages of a form (the add form's, or a row's). */
  async function sendWithErrors(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Managed,
    errors: FieldErrors,
    values: { organisation?: string; standing?: string } = {},
  ) {
    const data = await managedOrganisations(ctx, found.id, request.locale, '');
    const page = OrganisationsPage({
      page: request.page(),
      partnership: found.partnership,
      tabs: hubTabs(ctx),
      data,
      query: '',
      values,
      errors,
    });
    return sendPage(reply, page, 400);
  }

  pageRoute(app, {
    path: '/partnerships/:slug/edit/organisations',
    policy: signedIn,
    summary:
      'The organisations of a partnership with their standing, and those of the directory that could be added ' +
      '(coordinators and administrators)',
    tag: 'partnerships',
    params: SlugParams,
    querystring: OrganisationsQuery,
    response: ManagedOrganisations,
    load: async ({ params, query, request }) => {
      const found = await managedOrNull(ctx, request, params.slug);
      if (!found) return null;
      const data = await managedOrganisations(ctx, found.id, request.locale, query.q ?? '');
      return { ...data, found, query: query.q ?? '', done: query.done };
    },
    render: ({ found, query, done, ...data }, page) =>
      OrganisationsPage({
        page,
        partnership: found.partnership,
        tabs: hubTabs(ctx),
        data,
        query,
        values: {},
        errors: {},
        done,
      }),
  });

  app.post<SlugRoute>(
    '/:lang/partnerships/:slug/organisations',
    { config: { policy: signedIn }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const form = validateForm<{ organisation: string; standing: OrganisationRole }>(
        AddOrganisationForm,
        request.body,
        request.i18n.t,
      );
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = {
        organisation: typeof body.organisation === 'string' ? body.organisation.slice(0, 100) : '',
        standing: typeof body.standing === 'string' ? body.standing.slice(0, 40) : '',
      };
      if (!form.ok) return sendWithErrors(request, reply, found, form.errors, values);
      const result = await addOrganisation(ctx, found, form.value.organisation, form.value.standing);
      if (result === 'unknown')
        return sendWithErrors(request, reply, found, { organisation: request.i18n.t('core.field.choose') }, values);
      return reply.redirect(listPage(request, request.params.slug, result === 'done' ? 'added' : 'unchanged'), 303);
    },
  );

  app.post<OrganisationRoute>(
    '/:lang/partnerships/:slug/organisations/:organisation',
    { config: { policy: signedIn }, schema: { hide: true, params: OrganisationParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const form = validateForm<{ standing: OrganisationRole }>(StandingForm, request.body, request.i18n.t);
      if (!form.ok) {
        const field = standingField(request.params.organisation);
        return sendWithErrors(request, reply, found, {
          [field]: form.errors.standing ?? request.i18n.t('core.field.choose'),
        });
      }
      const result = await changeStanding(ctx, found, request.params.organisation, form.value.standing);
      if (result === 'not-in') throw new HttpError(404);
      return reply.redirect(listPage(request, request.params.slug, result === 'done' ? 'changed' : 'unchanged'), 303);
    },
  );

  app.get<OrganisationRoute>(
    '/:lang/partnerships/:slug/organisations/:organisation/remove',
    { config: { policy: signedIn }, schema: { hide: true, params: OrganisationParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const { organisations } = await listMembers(ctx, found.id, request.locale);
      const organisation = organisations.find((o) => o.slug === request.params.organisation);
      if (!organisation) throw new HttpError(404);
      const t = request.i18n.t;
      const base = `/partnerships/${found.partnership.slug}`;
      const page = ConfirmPage({
        page: request.page(),
        partnership: found.partnership,
        tabs: hubTabs(ctx),
        title: t('partnerships.standing.removeTitle', { name: organisation.name }),
        text: t('partnerships.standing.removeText', {
          name: organisation.name,
          partnership: found.partnership.title,
        }),
        action: `${base}/organisations/${organisation.slug}/remove`,
        confirm: t('partnerships.standing.removeConfirm'),
        back: `${base}/edit/organisations`,
        parent: 'organisations',
      });
      return sendPage(reply, page);
    },
  );

  app.post<OrganisationRoute>(
    '/:lang/partnerships/:slug/organisations/:organisation/remove',
    { config: { policy: signedIn }, schema: { hide: true, params: OrganisationParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      // Taken out already (a second click): the 404 that asking again gets.
      if ((await removeOrganisation(ctx, found, request.params.organisation)) !== 'done') throw new HttpError(404);
      return reply.redirect(listPage(request, request.params.slug, 'removed'), 303);
    },
  );

  // The API

  const ApiSlug = Type.Omit(SlugParams, ['lang']);
  const ApiOrganisation = Type.Omit(OrganisationParams, ['lang']);
  /** The organisation as the members list shows it, after a change. */
  const presented = async (request: FastifyRequest, found: Managed, slug: string) =>
    (await listMembers(ctx, found.id, request.locale)).organisations.find((o) => o.slug === slug);

  app.post<{ Params: { slug: string } }>(
    '/api/v1/partnerships/:slug/organisations',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Adds an organisation of the directory to a partnership with a standing ' +
          '(coordinators and administrators; 200 when it takes part already)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiSlug,
        body: AddOrganisationForm,
        response: {
          201: MemberOrganisation,
          200: MemberOrganisation,
          ...problemResponses(400, 401, 403, 404, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const form = validateForm<{ organisation: string; standing: OrganisationRole }>(
        AddOrganisationForm,
        request.body,
        request.i18n.t,
      );
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const result = await addOrganisation(ctx, found, form.value.organisation, form.value.standing);
      if (result === 'unknown')
        return sendInvalidFields(request, reply, { organisation: request.i18n.t('core.field.choose') });
      const shown = await presented(request, found, form.value.organisation);
      if (!shown) throw new HttpError(404);
      return reply.code(result === 'done' ? 201 : 200).send(shown);
    },
  );

  app.post<{ Params: { slug: string; organisation: string } }>(
    '/api/v1/partnerships/:slug/organisations/:organisation',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Changes the standing of an organisation in a partnership (coordinators and administrators)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiOrganisation,
        body: StandingForm,
        response: { 200: MemberOrganisation, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const form = validateForm<{ standing: OrganisationRole }>(StandingForm, request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const result: OrganisationChange = await changeStanding(
        ctx,
        found,
        request.params.organisation,
        form.value.standing,
      );
      const shown = result === 'not-in' ? undefined : await presented(request, found, request.params.organisation);
      if (!shown) throw new HttpError(404);
      return shown;
    },
  );

  app.delete<{ Params: { slug: string; organisation: string } }>(
    '/api/v1/partnerships/:slug/organisations/:organisation',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Takes an organisation out of a partnership (coordinators and administrators)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiOrganisation,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      if ((await removeOrganisation(ctx, found, request.params.organisation)) !== 'done') throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
