import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import Type, { type Static, type TObject, type TSchema } from 'typebox';
import type { Actor } from '../auth/actor.js';
import type { RoutePolicy } from '../auth/policy.js';
import { clockWatch } from '../shared/clock.js';
import { joinPieces } from '../shared/markers.js';
import { renderPage } from '../shared/render.js';
import type { PageContext } from '../views/page-context.js';
import { actorOf } from './handlers.js';
import { sendHtml } from './html.js';
import { HttpError } from './http-error.js';
import { problemResponses } from './problem.js';

/** What `load` and `prepare` are given. */
export interface PageInput<Params extends TObject, Query extends TObject, A extends Actor> {
  params: Static<Params>;
  query: Static<Query>;
  request: FastifyRequest;
  /** The reader, typed by the route's policy (a signed-in person under `signedIn`). */
  actor: A;
}

export interface PageRouteOptions<Data, Params extends TObject, Query extends TObject, A extends Actor, View> {
  /** Path after `/{lang}` for HTML and after `/api/v1` for JSON, e.g. `/partnerships/:slug`. */
  path: string;
  /** Who may call the route at all; record-level rules belong in `load`. */
  policy: RoutePolicy<A>;
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
   * say. Pages are cached by default, since every write empties the cache; a page that shows
   * clock-dependent reads or fragments is kept no longer than their time bucket. The same flag
   * lets what a signed-in reader is sent be sent to them again from the lane while their session
   * and the data version are unchanged (`personal-lane.ts`).
   */
  cache?: boolean;
  /** The JSON twin's path after `/api/v1` when it differs from the page's (e.g. `/…/posts` for `/…/news`). */
  apiPath?: string;
  /**
   * Fetches the data, for the page and its JSON twin; `null` means "not found" (also for things
   * the actor may not see).
   */
  load(input: PageInput<Params, Query, A>): Promise<Data | null>;
  /**
   * What only the HTML page needs besides the data, fetched after `load` and not for the JSON
   * twin: shared fragments (`fragment.get`), other modules' sections (`renderSections`).
   */
  prepare?(data: Data, page: PageContext, input: PageInput<Params, Query, A>): Promise<View>;
  /** The HTML page for the data (and what `prepare` gave). */
  render(data: Data, page: PageContext, request: FastifyRequest, view: View): VNode;
}

/**
 * Declares a page once and serves it twice: as HTML at `/{lang}{path}` and as JSON at
 * `/api/v1{path}`, from one schema that also documents it in `/api/openapi.json`.
 */
export function pageRoute<Data, Params extends TObject, Query extends TObject, A extends Actor, View = undefined>(
  app: FastifyInstance,
  options: PageRouteOptions<Data, Params, Query, A, View>,
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
  const checksInput = Object.keys(options.params?.properties ?? {}).some((k) => k !== 'lang') || !!options.querystring;
  const inputOf = (request: FastifyRequest): PageInput<Params, Query, A> => ({
    params: request.params as Static<Params>,
    query: request.query as Static<Query>,
    request,
    actor: actorOf(request, options.policy),
  });
  const load = async (input: PageInput<Params, Query, A>) => {
    const data = await options.load(input);
    if (data === null) throw new HttpError(404);
    return data;
  };

  app.get(
    `/:lang${options.path === '/' ? '/' : options.path}`,
    {
      config: { policy: options.policy, keepForReader: options.cache !== false },
      schema: { hide: true, ...schemaParts },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const clock = clockWatch.mark();
      const input = inputOf(request);
      const data = await load(input);
      const page = request.page();
      const view = options.prepare ? await options.prepare(data, page, input) : (undefined as View);
      const pieces = renderPage(options.render(data, page, request, view));
      const cache = request.server.pageCache;
      // A visitor's page without anything personal in it (no form token) is kept for the next
      // visitors, and this one gets the same bytes, ETag and headers they will get.
      if (
        options.cache !== false &&
        request.actor.kind === 'visitor' &&
        !request.personal &&
        cache.eligible(request.raw)
      ) {
        const entry = cache.store(request.url, joinPieces(pieces), request.pageGeneration, clockWatch.until(clock));
        cache.send(entry, request.raw, reply.raw);
        return reply.hijack();
      }
      // Signed-in pages are personal: no cache may keep them.
      if (request.actor.kind !== 'visitor') reply.header('Cache-Control', 'private, no-store');
      return sendHtml(reply, pieces);
    },
  );

  if (options.api !== false) {
    app.get(
      `/api/v1${(options.apiPath ?? options.path) === '/' ? '' : (options.apiPath ?? options.path)}`,
      {
        config: { policy: options.policy, keepForReader: options.cache !== false },
        schema: {
          summary: options.summary,
          tags: [options.tag],
          ...apiSchemaParts,
          // Any call may carry a token that is not valid (401) or come too often (429); `load` may
          // find nothing this caller may see (404); parameters are checked (400).
          response: {
            200: options.response,
            ...problemResponses(...(checksInput ? ([400] as const) : []), 401, 404, 429),
          },
        },
      },
      async (request) => load(inputOf(request)),
    );
  }
}
