import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone, signedIn } from '../../core/auth/policy.js';
import { sendInvalidFields } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { uploadsIn } from '../../core/http/multipart.js';
import { problemResponses } from '../../core/http/problem.js';
import type { ModuleContext } from '../../core/module.js';
import { hubTabs } from './partnerships.hub.js';
import { logoBySlug } from './editing.queries.js';
import { DoneQuery, LogoDoc, LogoQuery, LogoUpload } from './editing.schema.js';
import { managed, type Managed } from './editing.service.js';
import { checkLogo, removeLogo, sendLogo, setLogo } from './logo.service.js';
import { logoAddress } from './partnerships.queries.js';
import { SlugParams } from './partnerships.schema.js';
import { LogoPage } from './views/LogoPage.js';

type SlugRoute = { Params: { lang: string; slug: string } };

/** The logo's page after a change, with its notice. */
const logoPage = (request: FastifyRequest, slug: string, done: string) =>
  `/${request.locale}/partnerships/${slug}/edit/logo?done=${done}`;

/** The logo as it is now, read fresh after a change. */
async function currentLogo(ctx: ModuleContext, slug: string): Promise<string | null> {
  return logoAddress(slug, (await logoBySlug(ctx.db, slug))?.sha256 ?? null);
}

/**
 * A partnership's logo: its coordinators (and administrators) upload one (PNG, JPEG or WebP,
 * checked by its bytes) or remove it, on a page of its own and through the API; anyone reads it.
 */
export function logoRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const show = (request: FastifyRequest, found: Managed, errors = {}, done?: string) =>
    LogoPage({ page: request.page(), partnership: found.partnership, tabs: hubTabs(ctx), errors, done });

  app.get<SlugRoute & { Querystring: { done?: string } }>(
    '/:lang/partnerships/:slug/edit/logo',
    { config: { policy: signedIn }, schema: { hide: true, params: SlugParams, querystring: DoneQuery } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      return sendPage(reply, show(request, found, {}, request.query.done));
    },
  );

  app.post<SlugRoute>(
    '/:lang/partnerships/:slug/logo',
    { config: { policy: signedIn, uploads: true }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const checked = await checkLogo(uploadsIn(request.body, 'logo'), request.i18n);
      if (!checked.ok) return sendPage(reply, show(request, found, { logo: checked.message }), checked.status);
      await setLogo(ctx, found.id, found.actor.id, checked.logo);
      return reply.redirect(logoPage(request, request.params.slug, 'saved'), 303);
    },
  );

  app.post<SlugRoute>(
    '/:lang/partnerships/:slug/logo/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const removed = await removeLogo(ctx, found.id, found.actor.id);
      return reply.redirect(logoPage(request, request.params.slug, removed ? 'removed' : 'none'), 303);
    },
  );

  const ApiParams = Type.Omit(SlugParams, ['lang']);

  app.get<{ Params: { slug: string }; Querystring: { v?: string } }>(
    '/api/v1/partnerships/:slug/logo',
    {
      config: { policy: anyone },
      schema: {
        summary: 'A partnership’s logo (an image; its address in the partnership’s `logo` carries its version)',
        tags: ['partnerships'],
        params: ApiParams,
        querystring: LogoQuery,
        response: {
          200: {
            description: 'The logo, as PNG, JPEG or WebP (found from its content).',
            content: {
              'image/png': { schema: Type.String({ format: 'binary' }) },
              'image/jpeg': { schema: Type.String({ format: 'binary' }) },
              'image/webp': { schema: Type.String({ format: 'binary' }) },
            },
          },
          304: { description: 'Not modified: the `ETag` sent in `If-None-Match` is still the logo’s.' },
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const logo = await logoBySlug(ctx.db, request.params.slug);
      if (!logo || !(await sendLogo(ctx, request, reply, logo, request.query.v))) throw new HttpError(404);
      return reply;
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/api/v1/partnerships/:slug/logo',
    {
      config: { policy: signedIn, uploads: true },
      schema: {
        summary:
          'Sets a partnership’s logo (multipart/form-data, field `logo`; ' +
          'coordinators and administrators, with a personal access token)',
        tags: ['partnerships'],
        consumes: ['multipart/form-data'],
        security: [{ bearerAuth: [] }],
        params: ApiParams,
        body: LogoUpload,
        response: { 200: LogoDoc, ...problemResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const checked = await checkLogo(uploadsIn(request.body, 'logo'), request.i18n);
      if (!checked.ok) {
        if (checked.status === 503) throw new HttpError(503);
        return sendInvalidFields(request, reply, { logo: checked.message });
      }
      await setLogo(ctx, found.id, found.actor.id, checked.logo);
      return { logo: await currentLogo(ctx, request.params.slug) };
    },
  );

  app.delete<{ Params: { slug: string } }>(
    '/api/v1/partnerships/:slug/logo',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Removes a partnership’s logo (coordinators and administrators; 204 whether or not it had one)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiParams,
        response: {
          204: Type.Null({ description: 'It has no logo now.' }),
          ...problemResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      await removeLogo(ctx, found.id, found.actor.id);
      return reply.code(204).send();
    },
  );
}
