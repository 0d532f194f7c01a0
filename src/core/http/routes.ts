import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import Type, { type Static, type TObject, type TSchema } from 'typebox';
import type { RoutePolicy } from '../auth/policy.js';
import { renderDocument, sendHtml } from '../views/render.js';
import type { PageContext } from '../views/page-context.js';
import { HttpError } from './http-error.js';

export interface PageRouteOptions<Data, Params extends TObject, Query extends TObject> {
  /** Path after `/{lang}` for HTML and after `/api/v1` for JSON, e.g. `/partnerships/:slug`. */
  path: string;
  /** Who may call the route at all; record-level rules belong in `load`. */
  policy: RoutePolicy;
  /** One line for the OpenAPI document. */
  summary: string;
  /** OpenAPI tag (usually the module id). */
  tag: string;
  params?: Params;
  querystring?: Query;
  /** The JSON shape of what `load` returns: validated, serialised and published in OpenAPI. */
  response: TSchema;
  /** False for a page that has no JSON twin. */
  api?: boolean;
  /**
   * False for a page that must not be kept in the page cache for visitors (see
   * page-cache.ts): one that shows something other than what the address and the stored data
   * say, e.g. the current time. Pages are cached by default, since every write empties the cache.
   */
  cache?: boolean;
  /** The JSON twin's path after `/api/v1` when it differs from the page's (e.g. `/…/posts` for `/…/news`). */
  apiPath?: string;
  /** Fetches the data; `null` means "not found" (also for things the actor may not see). */
  load(input: { params: Static<Params>; query: Static<Query>; request: FastifyRequest }): Promise<Data | null>;
  /** The HTML page for the data. */
  render(data: Data, page: PageContext, request: FastifyRequest): VNode;
}

/**
 * Declares a page once and serves it twice: as HTML at `/{lang}{path}` and as JSON at
 * `/api/v1{path}`, from one schema that also documents it in `/api/openapi.json`.
 */
export function pageRoute<Data, Params extends TObject, Query extends TObject>(
  app: FastifyInstance,
  options: PageRouteOptions<Data, Params, Query>,
): void {
  const schemaParts = {
    ...(options.params ? { params: options.params } : {}),
    ...(options.querystring ? { querystring: options.querystring } : {}),
  };
  // The JSON twin has no `/{lang}` in its address, so it documents no `lang` parameter.
  const apiSchemaParts = {
    ...schemaParts,
    ...(options.params ? { params: Type.Omit(options.params, ['lang']) } : {}),
  };
  const load = async (request: FastifyRequest) => {
    const data = await options.load({
      params: request.params as Static<Params>,
      query: request.query as Static<Query>,
      request,
    });
    if (data === null) throw new HttpError(404);
    return data;
  };

  app.get(
    `/:lang${options.path === '/' ? '/' : options.path}`,
    { config: { policy: options.policy }, schema: { hide: true, ...schemaParts } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      // A personal page places shared HTML by marker, spliced in as it is sent (sendHtml).
      if (request.actor.kind !== 'visitor') request.embeds = [];
      const data = await load(request);
      const html = renderDocument(options.render(data, request.page(), request));
      const cache = request.server.pageCache;
      // A visitor's page without anything personal in it (no form token) is kept for the next
      // visitors, and this one gets the same bytes, ETag and headers they will get.
      if (
        options.cache !== false &&
        request.actor.kind === 'visitor' &&
        !request.personal &&
        cache.eligible(request.raw)
      ) {
        const entry = cache.store(request.url, html, request.pageGeneration);
        cache.send(entry, request.raw, reply.raw);
        return reply.hijack();
      }
      // Signed-in pages are personal: no cache may keep them.
      if (request.actor.kind !== 'visitor') reply.header('Cache-Control', 'private, no-store');
      return sendHtml(reply, html);
    },
  );

  if (options.api !== false) {
    app.get(
      `/api/v1${(options.apiPath ?? options.path) === '/' ? '' : (options.apiPath ?? options.path)}`,
      {
        config: { policy: options.policy },
        schema: {
          summary: options.summary,
          tags: [options.tag],
          ...apiSchemaParts,
          response: { 200: options.response },
        },
      },
      async (request) => load(request),
    );
  }
}
