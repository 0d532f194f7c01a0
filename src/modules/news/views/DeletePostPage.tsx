import { Button, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';

/** "Delete this post?": what goes with it, the button, and a way back. */
export function DeletePostPage({
  page,
  partnership,
  post,
  counts,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  post: { slug: string; title: string; lang: string };
  counts: { comments: number; attachments: number };
}) {
  const { t } = page;
  const self = `/partnerships/${partnership.slug}/news/${post.slug}`;
  const title = t('news.delete.title');
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: t('news.partnerships'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: t('news.list.short'), path: `/partnerships/${partnership.slug}/news` },
        { label: post.title, path: self },
        { label: title },
      ]}
    >
      <div class="narrow">
        <h1>{title}</h1>
        <p>
          {t('news.delete.post')}{' '}
          <a href={page.href(self)} lang={post.lang !== page.locale ? post.lang : undefined}>
            {post.title}
          </a>
        </p>
        <p>{t('news.delete.consequences', counts)}</p>
        <Form page={page} action={page.href(`${self}/delete`)}>
          <Button>{t('news.delete.submit')}</Button>
        </Form>
        <p>
          <a href={page.href(self)}>{t('news.delete.back')}</a>
        </p>
      </div>
    </Layout>
  );
}
