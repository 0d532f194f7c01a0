import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127005000_news_create.js';
import { migration as attachments } from './migrations/20261127008000_news_attachments.js';
import { seedNews } from './news.demo.js';
import { newsHomeSection } from './news.home.js';
import { registerNewsRoutes } from './routes/index.js';
import { describeForTags } from './news.service.js';
import { erasePosts, exportPosts, postAsCommentTarget } from './news.targets.js';

/** News: posts of a partnership, with translations, tags, attachments, feeds and an API. */
export const newsModule = defineModule({
  id: 'news',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261127005000_news_create': create, '20261127008000_news_attachments': attachments },
  routes: registerNewsRoutes,
  seedDemo: (ctx) => seedNews(ctx),
  homeSections: [newsHomeSection],
  commentables: { post: postAsCommentTarget },
  taggables: { post: describeForTags },
  personalData: { export: exportPosts, erase: erasePosts },
});

export { renderMarkdown } from './news.markdown.js';
