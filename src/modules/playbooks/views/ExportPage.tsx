import { languageNameIn } from '../../../core/i18n/locales.js';
import { Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ExportItem } from '../exports.present.js';
import { bytesInWords } from './parts.js';

export interface ExportView {
  playbook: { slug: string; title: string; lang: string; path: string };
  item: ExportItem;
}

/** An export's state in words: waiting, building (with a progress bar and its percentage), ready, failed. */
export function ExportState({
  page,
  item,
  compact = false,
}: {
  page: PageContext;
  item: ExportItem;
  compact?: boolean;
}) {
  const { t } = page;
  const percent = new Intl.NumberFormat(page.locale, { style: 'percent' }).format(item.progress / 100);
  if (item.state !== 'building' || compact)
    return (
      <span>
        {t(`playbooks.exports.state.${item.state}`)}
        {item.state === 'building' ? ` (${percent})` : ''}
      </span>
    );
  return (
    <>
      <label for={`export-progress-${item.id}`}>{t('playbooks.exports.state.building')}</label>{' '}
      <progress id={`export-progress-${item.id}`} max={100} value={item.progress}>
        {percent}
      </progress>{' '}
      <span>{percent}</span>
    </>
  );
}

/**
 * One export: its state, read again with "Check again" (a plain link: no script, and no refresh the
 * reader did not ask for), and its two files once it is ready, with their sizes.
 */
export function ExportPage({ page, view }: { page: PageContext; view: ExportView }) {
  const { t } = page;
  const { item, playbook } = view;
  const heading = t('playbooks.exports.one.heading', { name: item.name });
  const waiting = item.state !== 'ready';
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[
        { label: t('playbooks.list.title'), path: '/playbooks' },
        { label: playbook.title, path: playbook.path },
        { label: t('playbooks.exports.heading'), path: `${playbook.path}/exports` },
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <p class="lead">
        {t('playbooks.exports.of')}{' '}
        <cite lang={playbook.lang !== page.locale ? playbook.lang : undefined}>{playbook.title}</cite>
      </p>
      <section aria-labelledby="export-state">
        <h2 id="export-state">{t('playbooks.exports.one.state')}</h2>
        <p>
          <ExportState page={page} item={item} />
        </p>
        {item.state === 'waiting' ? <p>{t('playbooks.exports.one.waitingHint')}</p> : null}
        {item.state === 'building' ? <p>{t('playbooks.exports.one.buildingHint')}</p> : null}
        {item.state === 'failed' ? (
          <Notice kind="warning">
            <p>{t(`playbooks.exports.one.failure.${item.failure ?? 'build'}`)}</p>
          </Notice>
        ) : null}
        {waiting ? (
          <p>
            <a href={page.href(item.path)}>{t('playbooks.exports.one.checkAgain')}</a>
          </p>
        ) : null}
      </section>
      {item.files ? (
        <section aria-labelledby="export-files">
          <h2 id="export-files">{t('playbooks.exports.one.files')}</h2>
          <ul>
            <li>
              <a href={page.href(item.files.site.path)} download>
                {t('playbooks.exports.one.site', { size: bytesInWords(page.locale, item.files.site.size) })}
              </a>
              <p class="field__hint">{t('playbooks.exports.one.siteHint')}</p>
            </li>
            <li>
              <a href={page.href(item.files.pdf.path)} download>
                {t('playbooks.exports.one.pdf', { size: bytesInWords(page.locale, item.files.pdf.size) })}
              </a>
            </li>
          </ul>
        </section>
      ) : null}
      <dl class="facts">
        <dt>{t('playbooks.exports.field.name')}</dt>
        <dd>{item.name}</dd>
        <dt>{t('playbooks.exports.field.lang')}</dt>
        <dd>{languageNameIn(page.locale, item.lang)}</dd>
        <dt>{t('playbooks.exports.field.logo')}</dt>
        <dd>{item.logo ? t('playbooks.exports.one.withLogo') : t('playbooks.exports.one.withoutLogo')}</dd>
        <dt>{t('playbooks.exports.one.colours')}</dt>
        <dd>
          {t('playbooks.exports.one.coloursAre', {
            primary: item.colours.primary,
            onPrimary: item.colours.onPrimary,
            accent: item.colours.accent,
          })}
        </dd>
        <dt>{t('playbooks.exports.one.requested')}</dt>
        <dd>
          <time dateTime={item.createdAt}>{page.i18n.dateTime(item.createdAt)}</time>
        </dd>
        <dt>{t('playbooks.exports.one.keptUntil')}</dt>
        <dd>
          <time dateTime={item.expiresAt}>{page.i18n.dateTime(item.expiresAt)}</time>
        </dd>
      </dl>
      <p>
        <a href={page.href(`${playbook.path}/exports`)}>{t('playbooks.exports.one.back')}</a>
      </p>
    </Layout>
  );
}
