import type { ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf, type TagView } from '../tags/index.js';
import { findPostsByIds, translationsOf } from './news.queries.js';
import { postPath } from './views/parts.js';

/**
 * Posts as the search index has them: one document per post (drafts and members-only ones too:
 * who finds them is the one rule's business, `contentTypes.post`), its translations' text with
 * the original's, its tags, and the time it is published (or was written).
 */
export const postSearchSource: SearchSource = {
  type: 'post',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const posts = await findPostsByIds(ctx.db, [...new Set(ids)]);
    if (posts.length === 0) return [];
    const postIds = posts.map((p) => p.id);
    const translations = await translationsOf(ctx.db, postIds);
    const slugs = await partnershipSlugsByIds(
      ctx.db,
      posts.map((p) => p.partnershipId),
    );
    // The tags' labels in every interface language are words to find the post by.
    const labelled: Map<number, TagView[]>[] = [];
    for (const lang of ctx.languages) labelled.push(await tagsOf(ctx.db, 'post', postIds, lang));
    const tags = labelled[0] ?? new Map<number, { slug: string; label: string }[]>();
    return posts.flatMap((post) => {
      const partnership = slugs.get(post.partnershipId);
      if (!partnership) return [];
      const translated = translations.filter((t) => t.post_id === post.id);
      return [
        {
          type: 'post',
          id: post.id,
          lang: post.originalLang,
          title: post.title,
          body: plainText(
            [
              post.summary,
              post.body,
              ...translated.flatMap((t) => [t.title, t.summary, t.body]),
              ...new Set(labelled.flatMap((byPost) => (byPost.get(post.id) ?? []).map((tag) => tag.label))),
            ].join('\n'),
          ),
          path: postPath({ partnership, slug: post.slug }),
          tags: (tags.get(post.id) ?? []).map((tag) => tag.slug),
          partnershipId: post.partnershipId,
          date: post.publishedAt ?? post.createdAt,
        },
      ];
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'news_posts'),
};
