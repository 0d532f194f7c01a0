import { LanguageLabel, Tags } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { SummaryOut } from '../funding.present.js';
import { opportunityPath, programmePath } from '../funding.present.js';

/** An amount of euros in the reader's language ("€ 850,000" / "850 000 €"). */
export const euros = (page: PageContext, amount: number): string =>
  eurosIn(page.locale === 'cs' ? 'cs-CZ' : 'en-IE').format(amount);

/** One formatter per language, made once: making one costs far more than formatting with it. */
const eurosFormats = new Map<string, Intl.NumberFormat>();
function eurosIn(locale: string): Intl.NumberFormat {
  let format = eurosFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
    eurosFormats.set(locale, format);
  }
  return format;
}

/** A deadline in the item's own zone ("31 Mar 2027, 17:00 CEST"). */
export const inItsZone = (page: PageContext, at: string, zone: string): string => page.i18n.inZone(zone).dateTime(at);

/** The typical grant: "from … to …", "up to …", "from …", or ''. */
export function grantRange(page: PageContext, min: number | null, max: number | null): string {
  if (min !== null && max !== null)
    return page.t('funding.register.grantRange', { min: euros(page, min), max: euros(page, max) });
  if (max !== null) return page.t('funding.register.grantUpTo', { max: euros(page, max) });
  if (min !== null) return page.t('funding.register.grantFrom', { min: euros(page, min) });
  return '';
}

/** Who may apply, in words: "Cities, Metropolitan areas · small cities · in CZ, SK" or "Anyone". */
export function eligibilityInWords(page: PageContext, e: SummaryOut['eligibility']): string {
  const { t } = page;
  const parts: string[] = [];
  if (e.kinds.length) parts.push(e.kinds.map((k) => t(`organisations.kind.${k}`)).join(', '));
  if (e.sizes.length)
    parts.push(
      t('funding.register.sizesOnly', { sizes: e.sizes.map((s) => t(`funding.register.size.${s}`)).join(', ') }),
    );
  if (e.countries.length)
    parts.push(
      e.countries.length > 8
        ? t('funding.register.countriesMany', { count: e.countries.length })
        : t('funding.register.countriesIn', { countries: e.countries.join(', ') }),
    );
  return parts.length ? parts.join('; ') : t('funding.register.anyone');
}

/** The status as a badge. */
export function StatusBadge({ page, status }: { page: PageContext; status: SummaryOut['status'] }) {
  return <strong>{page.t(`funding.status.${status}`)}</strong>;
}

/** One item of a list: its title, kind, programme, status, next deadline, money, who may apply, topics. */
export function OpportunityItem({ page, o }: { page: PageContext; o: SummaryOut }) {
  const { t } = page;
  const grant = grantRange(page, o.grant_min_eur, o.grant_max_eur);
  const headingId = `opportunity-${o.id}`;
  return (
    <li class="card" aria-labelledby={headingId}>
      <h3 class="card__title" id={headingId}>
        <a href={page.href(opportunityPath(o.id))} lang={o.lang !== page.locale ? o.lang : undefined}>
          {o.title}
        </a>{' '}
        <LanguageLabel page={page} lang={o.lang} />
      </h3>
      <p class="card__meta">
        <StatusBadge page={page} status={o.status} /> {t(`funding.kind.${o.kind}`)}
        {o.stage ? ` · ${t(`funding.stage.${o.stage}`)}` : ''}
        {o.programme ? (
          <>
            {' · '}
            <a href={page.href(programmePath(o.programme.slug))}>{o.programme.name}</a>
          </>
        ) : null}
        {o.state !== 'published' ? ` · ${t(`funding.state.${o.state}`)}` : ''}
      </p>
      <dl class="facts facts--compact">
        <dt>{t('funding.register.nextDeadline')}</dt>
        <dd>
          {o.next_deadline ? (
            <time dateTime={o.next_deadline.at}>
              {inItsZone(page, o.next_deadline.at, o.time_zone)}
              {o.next_deadline.label ? ` (${o.next_deadline.label})` : ''}
            </time>
          ) : o.status === 'closed' && o.closes_at ? (
            t('funding.register.closedOn', { date: inItsZone(page, o.closes_at, o.time_zone) })
          ) : (
            t('funding.register.noDeadline')
          )}
        </dd>
        {o.budget_eur !== null ? (
          <>
            <dt>{t('funding.register.budget')}</dt>
            <dd>{euros(page, o.budget_eur)}</dd>
          </>
        ) : null}
        {grant ? (
          <>
            <dt>{t('funding.register.grant')}</dt>
            <dd>{grant}</dd>
          </>
        ) : null}
        <dt>{t('funding.register.whoMayApply')}</dt>
        <dd>{eligibilityInWords(page, o.eligibility)}</dd>
      </dl>
      <Tags page={page} label={t('funding.register.topics')} tags={o.topics} />
    </li>
  );
}
