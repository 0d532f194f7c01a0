import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { HttpError } from '../../../core/http/http-error.js';
import { VISITORS, type ModuleContext } from '../../../core/module.js';
import { renderHtml } from '../../../core/shared/index.js';
import { presentAttachments } from '../news.attachments.js';
import { postsFeed } from '../news.feed.js';
import { partnershipFor, type Found } from '../news.lookup.js';
import { renderMarkdown } from '../news.markdown.js';
import * as q from '../news.queries.js';
import { PartnershipParams } from '../news.schema.js';
import { presentPosts } from '../news.service.js';
import { attachmentPath, FeedAttachments } from '../views/Attachments.js';

const FEED_SIZE = 30;

/** Atom feeds of the public news: the whole site's and each partnership's, with attachments as enclosures. */
export function feedRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const base = ctx.config.baseUrl.replace(/\/$/, '');

  async function sendFeed(request: FastifyRequest, reply: FastifyReply, partnership: Found | null) {
    // Feeds are for everyone: what a visitor sees, now.
    const filter = { ...(partnership ? { partnershipId: partnership.id } : {}), audience: VISITORS };
    const { items } = await q.listOut(ctx.db, filter, FEED_SIZE);
    const [shown, rows] = await Promise.all([
      presentPosts(ctx, items, request.locale, request.i18n.t),
      q.attachmentsOfPosts(
        ctx.db,
        items.map((p) => p.id),
      ),
    ]);
    const reader = { t: request.i18n.t, locale: request.locale };
    const posts = shown.map((p) => {
      const postBase = `${base}/${request.locale}/partnerships/${p.partnership}/news/${p.slug}`;
      const attachments = presentAttachments(
        rows.filter((f) => f.post_id === p.id),
        '',
      );
      const files = FeedAttachments({ page: reader, base: postBase, attachments });
      const enclosures = attachments.map((a) => ({
        href: `${postBase}${attachmentPath('', a)}`,
        type: a.type,
        length: a.size,
        title: a.name,
      }));
      return { ...p, html: renderMarkdown(p.body) + (files ? renderHtml(files) : ''), enclosures };
    });
    const { t } = request.i18n;
    const path = partnership
      ? `/${request.locale}/partnerships/${partnership.partnership.slug}/news`
      : `/${request.locale}/news`;
    const title = partnership
      ? t('news.feed.partnership', { partnership: partnership.partnership.title })
      : t('news.feed.site');
    const page = partnership ? path : `/${request.locale}/`;
    const feed = postsFeed({ base, locale: request.locale, title, page, self: `${path}.atom`, posts });
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  }

  app.get<{ Params: { lang: string; slug: string } }>(
    '/:lang/partnerships/:slug/news.atom',
    { config: { policy: anyone }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await partnershipFor(ctx, request, request.params.slug);
      if (!found) throw new HttpError(404);
      return sendFeed(request, reply, found);
    },
  );

  app.get('/:lang/news.atom', { config: { policy: anyone }, schema: { hide: true } }, async (request, reply) =>
    sendFeed(request, reply, null),
  );
}
