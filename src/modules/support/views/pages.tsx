import type { VNode } from 'preact';
import type { FieldErrors } from '../../../core/http/forms.js';
import { Layout } from '../../../core/views/Layout.js';
import {
  Button,
  CheckedForm,
  Field,
  Form,
  InLanguage,
  Notice,
  Select,
  Tags,
  fieldsOf,
} from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { OfferView, RequestView, SuggestionView } from '../support.present.js';
import type { RequestState } from '../support.tables.js';

const HOME = (page: PageContext) => ({ label: page.t('support.title'), path: '/support' });

/** The sub-navigation of matchmaking: requests and offers. */
function Tabs({ page, current }: { page: PageContext; current: 'requests' | 'offers' }) {
  const tab = (key: 'requests' | 'offers', path: string) => (
    <li>
      <a href={page.href(path)} aria-current={current === key ? 'page' : undefined}>
        {page.t(`support.tab.${key}`)}
      </a>
    </li>
  );
  return (
    <nav class="subnav" aria-label={page.t('support.tab.label')}>
      <ul>
        {tab('requests', '/support')}
        {tab('offers', '/support/offers')}
      </ul>
    </nav>
  );
}

const stateLabel = (page: PageContext, state: RequestState) => page.t(`support.state.${state}`);

function More({ page, path, next }: { page: PageContext; path: string; next: number | null }) {
  if (next === null) return null;
  return (
    <nav class="pagination" aria-label={page.t('core.pagination.label')}>
      <ul>
        <li>
          <a href={page.href(`${path}?after=${next}`)} rel="next">
            {page.t('core.pagination.next')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

/** The requests the reader sees, newest first. */
export function RequestsPage(props: {
  page: PageContext;
  items: RequestView[];
  next: number | null;
  mayAsk: boolean;
}): VNode {
  const { page, items } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('support.requests.title')}>
      <h1>{t('support.requests.title')}</h1>
      <Tabs page={page} current="requests" />
      <p>{t('support.requests.intro')}</p>
      {props.mayAsk ? (
        <p>
          <a class="button button--primary" href={page.href('/support/requests/new')}>
            {t('support.requests.new')}
          </a>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>{t('support.requests.none')}</p>
      ) : (
        <ul class="cards">
          {items.map((r) => (
            <li>
              <h2>
                <InLanguage page={page} lang={r.lang} labelled>
                  <a href={page.href(r.path)}>{r.title}</a>
                </InLanguage>
              </h2>
              <p>
                {t('support.request.byline', {
                  organisation: r.organisation?.name ?? '',
                  state: stateLabel(page, r.state),
                  date: page.i18n.date(r.createdAt, 'long'),
                })}
              </p>
              <Tags page={page} label={t('support.tags')} tags={r.tags} />
            </li>
          ))}
        </ul>
      )}
      <More page={page} path="/support" next={props.next} />
    </Layout>
  );
}

export interface StateTyped {
  state?: string;
  organisation?: string;
}

/** A request: what is needed, its state, the peers contacted, and for its managers the suggested peers. */
export function RequestPage(props: {
  page: PageContext;
  request: RequestView;
  suggestions: SuggestionView[];
  mayManage: boolean;
  sections: VNode[];
  errors: FieldErrors;
  typed: StateTyped;
  done: string | null;
}): VNode {
  const { page, request: r, errors } = props;
  const { t } = page;
  const contacted = new Set(r.contacted.map((c) => c.organisation.slug));
  const labels = { state: t('support.state.label'), organisation: t('support.matched.label') };
  return (
    <Layout page={page} title={r.title} breadcrumbs={[HOME(page), { label: r.title }]}>
      <InLanguage page={page} lang={r.lang} as="h1">
        {r.title}
      </InLanguage>
      {props.done === 'contacted' ? <Notice kind="success">{t('support.contact.done')}</Notice> : null}
      {props.done === 'state' ? <Notice kind="success">{t('support.state.done')}</Notice> : null}
      {props.done === 'created' ? <Notice kind="success">{t('support.request.created')}</Notice> : null}
      <dl class="facts">
        <dt>{t('support.request.organisation')}</dt>
        <dd>{r.organisation ? <a href={page.href(r.organisation.path)}>{r.organisation.name}</a> : '—'}</dd>
        <dt>{t('support.state.label')}</dt>
        <dd>
          {r.state === 'matched' && r.matchedOrganisation
            ? t('support.state.matchedWith', { organisation: r.matchedOrganisation.name })
            : stateLabel(page, r.state)}
        </dd>
        <dt>{t('support.request.asked')}</dt>
        <dd>{page.i18n.dateTime(r.createdAt)}</dd>
        {r.action ? (
          <>
            <dt>{t('support.request.action')}</dt>
            <dd>
              <InLanguage page={page} lang={r.action.lang}>
                <a href={page.href(r.action.path)}>{r.action.title}</a>
              </InLanguage>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('support.request.needed')}</h2>
      <InLanguage page={page} lang={r.lang} as="div">
        {r.needed.split(/\n{2,}/).map((p) => (
          <p class="pre-line">{p}</p>
        ))}
      </InLanguage>
      <Tags page={page} label={t('support.tags')} tags={r.tags} />

      <h2>{t('support.contacted.title')}</h2>
      {r.contacted.length === 0 ? (
        <p>{t('support.contacted.none')}</p>
      ) : (
        <ul>
          {r.contacted.map((c) => (
            <li>
              {t('support.contacted.line', {
                organisation: c.organisation.name,
                date: page.i18n.dateTime(c.at),
              })}
            </li>
          ))}
        </ul>
      )}

      {props.mayManage ? (
        <>
          <section aria-labelledby="support-peers">
            <h2 id="support-peers">{t('support.peers.title')}</h2>
            <p>{t('support.peers.intro')}</p>
            {props.suggestions.length === 0 ? (
              <p>{t('support.peers.none')}</p>
            ) : (
              <ol class="cards">
                {props.suggestions.map((s) => (
                  <li>
                    <h3>
                      <a href={page.href(s.organisation.path)}>{s.organisation.name}</a>
                    </h3>
                    <p>{t('support.peers.score', { score: s.score })}</p>
                    <ul>
                      {s.reasons.map((reason) => (
                        <li>{t('support.peers.reason', { text: reason.text, points: reason.points })}</li>
                      ))}
                    </ul>
                    {contacted.has(s.organisation.slug) ? (
                      <p>{t('support.peers.contacted')}</p>
                    ) : r.state === 'open' ? (
                      <Form page={page} action={page.href(`${r.path}/contact`)}>
                        <input type="hidden" name="organisation" value={String(s.organisation.id)} />
                        <Button variant="secondary">
                          {t('support.peers.contact', { organisation: s.organisation.name })}
                        </Button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="support-state">
            <h2 id="support-state">{t('support.state.title')}</h2>
            <CheckedForm page={page} errors={errors} labels={labels} action={page.href(`${r.path}/state`)}>
              <Select
                {...fieldsOf(props.typed, errors, labels)('state', props.typed.state ?? r.state)}
                options={(['open', 'matched', 'closed'] as const).map((s) => ({
                  value: s,
                  label: stateLabel(page, s),
                }))}
              />
              <Select
                {...fieldsOf(props.typed, errors, labels)('organisation')}
                hint={t('support.matched.hint')}
                options={[
                  { value: '', label: t('support.matched.none') },
                  ...r.contacted.map((c) => ({ value: String(c.organisation.id), label: c.organisation.name })),
                ]}
              />
              <Button>{t('support.state.save')}</Button>
            </CheckedForm>
          </section>
        </>
      ) : null}
      {props.sections}
    </Layout>
  );
}

export interface RequestTyped {
  organisation?: string;
  title?: string;
  needed?: string;
  tags?: string;
  action?: string;
}

/** The form of a new request, perhaps pre-filled from an action's "support needed". */
export function RequestFormPage(props: {
  page: PageContext;
  values: RequestTyped;
  errors: FieldErrors;
  organisations: { id: number; name: string }[];
  action: { id: number; title: string; lang: string } | null;
}): VNode {
  const { page, values, errors } = props;
  const { t } = page;
  const labels = {
    organisation: t('support.field.organisation'),
    title: t('support.field.title'),
    needed: t('support.field.needed'),
    tags: t('support.field.tags'),
    action: t('support.request.action'),
  };
  const field = fieldsOf(values, errors, labels);
  return (
    <Layout
      page={page}
      title={t('support.requests.new')}
      breadcrumbs={[HOME(page), { label: t('support.requests.new') }]}
    >
      <h1>{t('support.requests.new')}</h1>
      {props.action ? (
        <p>
          {t('support.request.forAction')}{' '}
          <InLanguage page={page} lang={props.action.lang}>
            {props.action.title}
          </InLanguage>
        </p>
      ) : null}
      <CheckedForm page={page} errors={errors} labels={labels} action={page.href('/support/requests')}>
        {props.action ? <input type="hidden" name="action" value={String(props.action.id)} /> : null}
        {errors.action ? (
          <p class="field__error" id="field-action">
            {errors.action}
          </p>
        ) : null}
        <Select
          {...field('organisation')}
          options={props.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
        />
        <Field {...field('title')} required maxLength={200} />
        <Field {...field('needed')} multiline required hint={t('support.field.neededHint')} />
        <Field {...field('tags')} hint={t('support.field.tagsHint')} />
        <Button>{t('support.request.send')}</Button>
      </CheckedForm>
    </Layout>
  );
}

/** Expertise offered, newest first. */
export function OffersPage(props: { page: PageContext; items: OfferView[]; next: number | null; mayOffer: boolean }) {
  const { page, items } = props;
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('support.offers.title')}
      breadcrumbs={[HOME(page), { label: t('support.offers.title') }]}
    >
      <h1>{t('support.offers.title')}</h1>
      <Tabs page={page} current="offers" />
      <p>{t('support.offers.intro')}</p>
      {props.mayOffer ? (
        <p>
          <a class="button button--primary" href={page.href('/support/offers/new')}>
            {t('support.offers.new')}
          </a>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>{t('support.offers.none')}</p>
      ) : (
        <ul class="cards">
          {items.map((o) => (
            <li>
              <h2>
                <InLanguage page={page} lang={o.lang} labelled>
                  <a href={page.href(o.path)}>{o.title}</a>
                </InLanguage>
              </h2>
              <p>{t('support.offer.by', { who: o.organisation?.name ?? o.person?.name ?? '' })}</p>
              <Tags page={page} label={t('support.tags')} tags={o.tags} />
            </li>
          ))}
        </ul>
      )}
      <More page={page} path="/support/offers" next={props.next} />
    </Layout>
  );
}

/** One offer. */
export function OfferPage({ page, offer: o, created }: { page: PageContext; offer: OfferView; created: boolean }) {
  const { t } = page;
  const by = o.organisation ?? (o.person && o.person.path ? o.person : null);
  return (
    <Layout
      page={page}
      title={o.title}
      breadcrumbs={[HOME(page), { label: t('support.offers.title'), path: '/support/offers' }, { label: o.title }]}
    >
      <InLanguage page={page} lang={o.lang} as="h1">
        {o.title}
      </InLanguage>
      {created ? <Notice kind="success">{t('support.offer.created')}</Notice> : null}
      <p>
        {t('support.offer.byLabel')} {by ? <a href={page.href(by.path)}>{by.name}</a> : (o.person?.name ?? '')},{' '}
        {page.i18n.date(o.createdAt, 'long')}
      </p>
      <InLanguage page={page} lang={o.lang} as="div">
        {o.description.split(/\n{2,}/).map((p) => (
          <p class="pre-line">{p}</p>
        ))}
      </InLanguage>
      <Tags page={page} label={t('support.tags')} tags={o.tags} />
    </Layout>
  );
}

export interface OfferTyped {
  organisation?: string;
  title?: string;
  description?: string;
  tags?: string;
}

export function OfferFormPage(props: {
  page: PageContext;
  values: OfferTyped;
  errors: FieldErrors;
  organisations: { id: number; name: string }[];
}): VNode {
  const { page, values, errors } = props;
  const { t } = page;
  const labels = {
    organisation: t('support.field.offeredBy'),
    title: t('support.field.title'),
    description: t('support.field.description'),
    tags: t('support.field.tags'),
  };
  const field = fieldsOf(values, errors, labels);
  return (
    <Layout
      page={page}
      title={t('support.offers.new')}
      breadcrumbs={[
        HOME(page),
        { label: t('support.offers.title'), path: '/support/offers' },
        { label: t('support.offers.new') },
      ]}
    >
      <h1>{t('support.offers.new')}</h1>
      <CheckedForm page={page} errors={errors} labels={labels} action={page.href('/support/offers')}>
        <Select
          {...field('organisation')}
          options={[
            { value: '', label: t('support.field.myself') },
            ...props.organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <Field {...field('title')} required maxLength={200} />
        <Field {...field('description')} multiline required />
        <Field {...field('tags')} hint={t('support.field.tagsHint')} />
        <Button>{t('support.offer.send')}</Button>
      </CheckedForm>
    </Layout>
  );
}
