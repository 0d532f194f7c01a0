import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127005000_news_create.js';
import { migration as attachments } from './migrations/20261127008000_news_attachments.js';
import { migration as references } from './migrations/20261206070200_news_references.js';
import { seedNews } from './news.demo.js';
import { newsHomeSection } from './news.home.js';
import { newsHubSection } from './news.hub.js';
import { registerNewsRoutes } from './routes/index.js';
import { postContentType } from './news.visibility.js';
import { erasePosts, exportPosts, postAsCommentTarget } from './news.targets.js';
import { postSearchSource } from './news.search.js';

/** News: posts of a partnership, with translations, tags, attachments, feeds and an API. */
export const newsModule = defineModule({
  id: 'news',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127005000_news_create': create,
    '20261127008000_news_attachments': attachments,
    '20261206070200_news_references': references,
  },
  routes: registerNewsRoutes,
  seedDemo: (ctx) => seedNews(ctx),
  homeSections: [newsHomeSection],
  promises: [{ order: 20, label: 'news.promise' }],
  // The News tab of every partnership's hub (its list), and the latest news on its overview.
  partnershipSections: [newsHubSection],
  commentables: { post: postAsCommentTarget },
  contentTypes: { post: postContentType },
  // What the search index holds of them (the search module reads it; the one rule says who finds what).
  search: () => [postSearchSource],
  personalData: { export: exportPosts, erase: erasePosts },
  // What followers are told (follows module), in the daily digest by default.
  notificationKinds: [{ kind: 'news.notification.followedPost', delivery: 'daily' }],
});

export { plainText, renderMarkdown } from './news.markdown.js';
// The one visibility rule of posts, for other modules (search): per post, and as a query filter.
export { maySee } from './news.policy.js';
export { visiblePostIds } from './news.queries.js';
// Posts that are out, of a partnership, that an audience sees (newest first): actions' evidence to choose from.
export { listOut as listPostsOut } from './news.queries.js';
export { postContentType } from './news.visibility.js';
// What other modules relate a post to (the meeting it reports on): they contribute `postRelations`.
export type { PostPlace, PostRelation, RelationChoice, RelationShown } from './news.relations.js';
export { MAX_RELATION_NUMBER, relationNumberOf } from './news.relations.js';
