import { Button, Field, Notice, Pagination, Select } from '../../../core/views/components.js';
import { Shared, type Placeable } from '../../../core/shared/index.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { FUNDING_SORTS, filterQuery, type FundingFilter } from '../funding.filters.js';
import { TOPICS_IN_FORM, type TopicShown } from '../funding.reads.js';
import type { ProgrammeShown, SummaryOut } from '../funding.present.js';
import { ELIGIBLE_KINDS, ELIGIBLE_SIZES, OPPORTUNITY_KINDS, OPPORTUNITY_STATUSES } from '../funding.tables.js';
import { FollowButton } from './FollowButton.js';
import { LinkList, type RegisterMay, registerLinks } from './Links.js';
import { OpportunityItem } from './parts.js';

export interface RegisterView {
  items: SummaryOut[];
  /**
   * The items' list as the reader's class sees it (`registerItems`: shared HTML); null when the
   * shared list was not to be had (it changed in between), and the items are rendered here.
   */
  itemsHtml: Placeable | null;
  total: number;
  filter: FundingFilter;
  page: number;
  limit: number;
  programmes: ProgrammeShown[];
  /** Every topic of the register, the most carried first (the form offers the first few). */
  topics: TopicShown[];
  /** The reader's confirmed organisations' names; null for a visitor. */
  organisations: string[] | null;
  /** What the reader may do from here, read fresh per request. */
  may?: RegisterMay;
  /** The one topic the register is filtered by, to follow (`following` null: a visitor). */
  topic?: { key: string; title: string; following: boolean | null } | null;
}

/** A group of checkboxes of one repeatable parameter. */
function Checks({
  name,
  legend,
  options,
  checked,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string; lang?: string }[];
  checked: readonly string[];
}) {
  return (
    <fieldset class="fieldset">
      <legend class="field__label">{legend}</legend>
      <ul class="inline-list">
        {options.map((o) => {
          const id = `field-${name}-${o.value}`;
          return (
            <li>
              <input type="checkbox" id={id} name={name} value={o.value} checked={checked.includes(o.value)} />{' '}
              <label for={id} lang={o.lang}>
                {o.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** The register: the filter form (GET, no script needed), the count, the items, pages. */
export function RegisterPage({ page, view }: { page: PageContext; view: RegisterView }) {
  const { t } = page;
  const f = view.filter;
  const any = { value: '', label: t('funding.register.any') };
  const query = filterQuery(f);
  const pageHref = (n: number) => {
    const p = new URLSearchParams(query);
    if (n > 1) p.set('page', String(n));
    if (view.limit !== 20) p.set('limit', String(view.limit));
    const qs = p.toString();
    return page.href(`/funding${qs ? `?${qs}` : ''}`);
  };
  const pages = Math.max(1, Math.ceil(view.total / view.limit));
  // The most carried topics, and any the filter names beside them: the form stays short however many there are.
  const offered = view.topics.filter((tag, i) => i < TOPICS_IN_FORM || f.topics.includes(tag.slug));
  const calendar = page.href(`/funding/deadlines.ics${query ? `?${query}` : ''}`);
  const atom = page.href('/funding/feed.atom');
  return (
    <Layout
      page={page}
      title={t('funding.register.title')}
      breadcrumbs={[{ label: t('funding.register.title') }]}
      feeds={[
        { href: calendar, type: 'text/calendar', title: t('funding.feeds.links.calendar') },
        { href: atom, type: 'application/atom+xml', title: t('funding.feeds.links.atom') },
      ]}
    >
      <h1>{t('funding.register.heading')}</h1>
      <p class="lead">{t('funding.register.intro')}</p>
      <p>
        <a href={page.href('/funding/programmes')}>{t('funding.programmes.link')}</a>
      </p>
      {view.may ? <LinkList page={page} links={registerLinks(page, view.may)} /> : null}
      {view.topic ? (
        <FollowButton
          page={page}
          type="topic"
          targetKey={view.topic.key}
          title={view.topic.title}
          following={view.topic.following}
          back={page.href(`/funding${query ? `?${query}` : ''}`)}
        />
      ) : null}
      <ul class="inline-list">
        <li>
          <a href={calendar} type="text/calendar">
            {t('funding.feeds.links.calendar')}
          </a>
        </li>
        <li>
          <a href={atom} type="application/atom+xml">
            {t('funding.feeds.links.atom')}
          </a>
        </li>
      </ul>
      <form
        class="filters"
        method="get"
        action={page.href('/funding')}
        role="search"
        aria-label={t('funding.register.filterLabel')}
      >
        <Checks
          name="status"
          legend={t('funding.register.status')}
          options={OPPORTUNITY_STATUSES.map((s) => ({ value: s, label: t(`funding.status.${s}`) }))}
          checked={f.statuses}
        />
        <Checks
          name="kind"
          legend={t('funding.register.kind')}
          options={OPPORTUNITY_KINDS.map((k) => ({ value: k, label: t(`funding.kind.${k}`) }))}
          checked={f.kinds}
        />
        {offered.length ? (
          <Checks
            name="topic"
            legend={t('funding.register.topics')}
            options={offered.map((tag) => ({
              value: tag.slug,
              label: tag.label,
              ...(tag.lang !== page.locale ? { lang: tag.lang } : {}),
            }))}
            checked={f.topics}
          />
        ) : null}
        {offered.length < view.topics.length ? (
          <p>
            <a href={page.href('/funding/topics')}>{t('funding.register.allTopics', { count: view.topics.length })}</a>
          </p>
        ) : null}
        <Select
          name="programme"
          label={t('funding.register.programme')}
          value={f.programme ?? ''}
          options={[any, ...view.programmes.map((p) => ({ value: p.slug, label: p.name }))]}
        />
        <Select
          name="eligible_kind"
          label={t('funding.register.eligibleKind')}
          value={f.eligibleKind ?? ''}
          options={[any, ...ELIGIBLE_KINDS.map((k) => ({ value: k, label: t(`organisations.kind.${k}`) }))]}
        />
        <Field
          name="country"
          label={t('funding.register.country')}
          hint={t('funding.register.countryHint')}
          value={f.country ?? ''}
          maxLength={2}
          autocomplete="country"
        />
        <Select
          name="size"
          label={t('funding.register.size')}
          value={f.size ?? ''}
          options={[any, ...ELIGIBLE_SIZES.map((s) => ({ value: s, label: t(`funding.register.size.${s}`) }))]}
        />
        <Field
          name="deadline_from"
          type="date"
          label={t('funding.register.deadlineFrom')}
          value={f.deadlineFrom ?? ''}
        />
        <Field name="deadline_to" type="date" label={t('funding.register.deadlineTo')} value={f.deadlineTo ?? ''} />
        <Field
          name="budget_min"
          label={t('funding.register.budgetMin')}
          hint={t('funding.register.eurosHint')}
          value={f.budgetMin === undefined ? '' : String(f.budgetMin)}
        />
        <Field
          name="budget_max"
          label={t('funding.register.budgetMax')}
          hint={t('funding.register.eurosHint')}
          value={f.budgetMax === undefined ? '' : String(f.budgetMax)}
        />
        <Select
          name="sort"
          label={t('funding.register.sort')}
          value={f.sort}
          options={FUNDING_SORTS.map((s) => ({ value: s, label: t(`funding.register.sort.${s}`) }))}
        />
        {view.organisations && view.organisations.length > 0 ? (
          <div class="field">
            <input type="checkbox" id="field-for" name="for" value="me" checked={f.forMe} />{' '}
            <label for="field-for">{t('funding.register.forMe')}</label>
          </div>
        ) : null}
        <Button variant="secondary">{t('funding.register.apply')}</Button>
        {query ? <a href={page.href('/funding')}>{t('funding.register.clear')}</a> : null}
      </form>
      {view.organisations !== null && view.organisations.length === 0 ? (
        <p>
          {t('funding.register.noOrganisation')}{' '}
          <a href={page.href('/settings/profile')}>{t('funding.register.addOrganisation')}</a>
        </p>
      ) : null}
      {f.forMe ? (
        <Notice>
          <p>
            {view.organisations && view.organisations.length
              ? t('funding.register.forMeShown', { organisations: view.organisations.join(', ') })
              : t('funding.register.forMeNone')}
          </p>
        </Notice>
      ) : null}
      <p role="status">{t('funding.register.count', { count: view.total })}</p>
      {view.items.length === 0 ? (
        <p>{t('funding.register.noneMatch')}</p>
      ) : view.itemsHtml ? (
        <Shared html={view.itemsHtml} />
      ) : (
        <ul class="cards">
          {view.items.map((o) => (
            <OpportunityItem page={page} o={o} />
          ))}
        </ul>
      )}
      {pages > 1 ? <p>{t('funding.register.pageOf', { page: view.page, pages })}</p> : null}
      <Pagination
        page={page}
        previous={view.page > 1 ? pageHref(view.page - 1) : null}
        next={view.page < pages ? pageHref(view.page + 1) : null}
      />
    </Layout>
  );
}
