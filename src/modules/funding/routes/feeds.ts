import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone } from '../../../core/auth/policy.js';
import { problemResponses } from '../../../core/http/problem.js';
import type { ModuleContext } from '../../../core/module.js';
import { deadlineEvents, deadlinesCalendar, itemsFeed } from '../funding.feeds.js';
import { filteredPage, parseFundingQuery, type FundingFilter, type FundingPaging } from '../funding.filters.js';
import { PUBLIC_READER } from '../funding.policy.js';
import { loadOpportunities, type Opportunity } from '../funding.queries.js';

/** At most this many items in a feed when the query does not page it itself. */
const CALENDAR_ITEMS = 500;
const ATOM_ITEMS = 30;

/** The register's query parameters, as the feeds take them (the same as the register's; see funding.filters.ts). */
const FeedQuery = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'The register’s filters: status, programme, kind, topic, eligible_kind, country, size, deadline_from, ' +
      'deadline_to, budget_min, budget_max, sort, page, limit (a bad value: 400 naming /query/<name>)',
  },
);

/**
 * The register's feeds, public items only (what a visitor sees), for the same query as the
 * register: `/{lang}/funding/deadlines.ics` (every deadline of every item it selects, also at
 * `/api/v1/funding/deadlines.ics`) and `/{lang}/funding/feed.atom` (the newest items).
 */
export function feedRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const base = ctx.config.baseUrl.replace(/\/$/, '');
  const host = new URL(base).host;

  /** The items a query selects for everyone, now; paged as the query says, else the first `max`. */
  async function selected(request: FastifyRequest, max: number, over: Partial<FundingFilter> = {}) {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const parsed = parseFundingQuery(query);
    const paged = ['page', 'limit', 'cursor'].some((name) => query[name] !== undefined);
    const paging: FundingPaging = paged ? parsed.paging : { page: 1, limit: max };
    const filter = { ...parsed.filter, ...over };
    const context = {
      reader: PUBLIC_READER,
      now: new Date(),
      closingSoonDays: ctx.config.fundingClosingSoonDays,
      organisations: [],
    };
    const { ids } = await filteredPage(ctx.db, filter, context, paging);
    return loadOpportunities(ctx.db, ids);
  }

  const link = (lang: string) => (item: Opportunity) => `${base}/${lang}/funding/${item.id}`;

  async function calendar(request: FastifyRequest, reply: FastifyReply, lang: string) {
    const items = await selected(request, CALENDAR_ITEMS);
    const { t } = ctx.i18n(lang);
    const text = deadlinesCalendar({
      name: t('funding.feeds.calendar.name', { site: t('core.site.name') }),
      stamp: new Date(),
      events: deadlineEvents(items, {
        host,
        link: link(lang),
        summary: (item, label) =>
          label
            ? t('funding.feeds.calendar.summaryLabelled', { title: item.title, label })
            : t('funding.feeds.calendar.summary', { title: item.title }),
      }),
    });
    // The statuses a query selects turn with the clock: never kept as it is.
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="funding-deadlines.ics"')
      .header('Cache-Control', 'no-cache')
      .send(text);
  }

  app.get('/:lang/funding/deadlines.ics', { config: { policy: anyone }, schema: { hide: true } }, (request, reply) =>
    calendar(request, reply, request.locale),
  );
  app.get(
    '/api/v1/funding/deadlines.ics',
    {
      config: { policy: anyone },
      schema: {
        summary: 'The deadlines of the items the register’s query selects, as an iCalendar feed (public items)',
        tags: ['funding'],
        querystring: FeedQuery,
        response: {
          200: {
            description: 'One event per deadline',
            content: { 'text/calendar': { schema: Type.String({ description: 'iCalendar (RFC 5545)' }) } },
          },
          ...problemResponses(400, 401, 429),
        },
      },
    },
    (request, reply) => calendar(request, reply, request.locale),
  );

  app.get(
    '/:lang/funding/feed.atom',
    { config: { policy: anyone }, schema: { hide: true } },
    async (request, reply) => {
      const lang = request.locale;
      const items = await selected(request, ATOM_ITEMS, { sort: 'newest' });
      const { t } = request.i18n;
      const feed = itemsFeed({
        id: `${base}/${lang}/funding`,
        title: t('funding.feeds.atom.title', { site: t('core.site.name') }),
        page: `${base}/${lang}/funding`,
        self: `${base}/${lang}/funding/feed.atom`,
        language: lang,
        items,
        link: link(lang),
      });
      return reply.type('application/atom+xml; charset=utf-8').header('Cache-Control', 'no-cache').send(feed);
    },
  );
}
