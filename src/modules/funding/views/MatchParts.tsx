import { InLanguage } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FitItem, ReasonView } from '../funding.match.reads.js';

const joined = <T,>(list: readonly T[], one: (x: T) => preact.ComponentChild) =>
  list.map((x, i) => (
    <>
      {i > 0 ? ', ' : null}
      {one(x)}
    </>
  ));

/** A reason in words, from the catalogs. */
export function ReasonLine({ page, reason, slug }: { page: PageContext; reason: ReasonView; slug?: string }) {
  const { t } = page;
  switch (reason.kind) {
    case 'topics':
      return (
        <li>
          {t('funding.match.reason.topics')}{' '}
          {joined(reason.tags ?? [], (tag) => (
            <InLanguage page={page} lang={tag.lang}>
              {tag.label}
            </InLanguage>
          ))}
        </li>
      );
    case 'eligible': {
      const orgs = reason.organisations ?? [];
      if (orgs.length === 0) return <li>{t('funding.match.reason.anyone')}</li>;
      return (
        <li>
          {t('funding.match.reason.eligible')}{' '}
          {joined(orgs, (o) => (
            <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
          ))}
          {reason.aimed?.length ? (
            <>
              {'. '}
              {t('funding.match.reason.aimed')} {reason.aimed.map((d) => t(`funding.match.aimed.${d}`)).join(', ')}
            </>
          ) : null}
        </li>
      );
    }
    case 'timing': {
      const status = t(`funding.status.${reason.status}`);
      const date = reason.deadline ? page.i18n.dateTime(reason.deadline) : null;
      const opens = reason.status === 'forthcoming' && reason.opensAt ? page.i18n.dateTime(reason.opensAt) : null;
      const said = opens
        ? date
          ? t('funding.match.reason.opensDeadline', { status, opens, date })
          : t('funding.match.reason.opens', { status, date: opens })
        : date
          ? t('funding.match.reason.deadline', { status, date })
          : t('funding.match.reason.noDeadline', { status });
      const end =
        reason.beforeEnd === null || reason.beforeEnd === undefined || !reason.endsOn
          ? null
          : t(reason.beforeEnd ? 'funding.match.reason.beforeEnd' : 'funding.match.reason.afterEnd', {
              date: page.i18n.date(reason.endsOn),
            });
      return (
        <li>
          {said}
          {end ? ` ${end}` : null}
        </li>
      );
    }
    case 'actions':
      return (
        <li>
          {t('funding.match.reason.actions')}{' '}
          {joined(reason.actions ?? [], (a) => (
            <a href={page.href(`/partnerships/${slug ?? ''}/actions/${a.number}`)}>
              {t('funding.match.actionLabel', { number: a.number })}:{' '}
              <InLanguage page={page} lang={a.lang}>
                {a.title}
              </InLanguage>
            </a>
          ))}
        </li>
      );
  }
}

/** Reasons under a fit. */
export function Reasons({ page, reasons, slug }: { page: PageContext; reasons: readonly ReasonView[]; slug?: string }) {
  return (
    <ul class="match__reasons" aria-label={page.t('funding.match.reasons')}>
      {reasons.map((r) => (
        <ReasonLine page={page} reason={r} {...(slug ? { slug } : {})} />
      ))}
    </ul>
  );
}

/** Items that fit, best first: each a link to its page, its programme, and why it fits. */
export function FitItems({
  page,
  items,
  slug,
  headingLevel = 3,
}: {
  page: PageContext;
  items: readonly FitItem[];
  slug?: string;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol class="match">
      {items.map((item) => (
        <li class="match__item">
          <H>
            <a href={page.href(`/funding/${item.id}`)}>
              <InLanguage page={page} lang={item.lang} labelled>
                {item.title}
              </InLanguage>
            </a>
          </H>
          <p>
            {page.t(`funding.kind.${item.kind}`)}
            {item.programme ? ` · ${item.programme.name}` : null}
          </p>
          <Reasons page={page} reasons={item.reasons} {...(slug ? { slug } : {})} />
        </li>
      ))}
    </ol>
  );
}

/** The topics a list was matched on. */
export function Topics({
  page,
  topics,
}: {
  page: PageContext;
  topics: readonly { slug: string; label: string; lang: string }[];
}) {
  if (topics.length === 0) return null;
  return (
    <p>
      {page.t('funding.match.topics')}{' '}
      {joined(topics, (tag) => (
        <a href={page.href(`/tags/${tag.slug}`)}>
          <InLanguage page={page} lang={tag.lang}>
            {tag.label}
          </InLanguage>
        </a>
      ))}
    </p>
  );
}
