import type { FieldErrors } from '../../../core/http/forms.js';
import { languageNameIn, nativeLanguageName } from '../../../core/i18n/locales.js';
import {
  Button,
  ErrorSummary,
  fieldParts,
  Field,
  fieldsOf,
  Notice,
  Select,
  TokenInput,
} from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ExportItem } from '../exports.present.js';
import { EXPORT_LIMITS } from '../playbooks.schema.js';
import { ExportState } from './ExportPage.js';

export interface ExportFormValues {
  name: string;
  primary: string;
  onPrimary: string;
  accent: string;
  lang: string;
}

export interface ExportsView {
  playbook: { slug: string; title: string; lang: string; path: string };
  values: ExportFormValues;
  errors: FieldErrors;
  /** True when the reader asked for as many exports as an hour allows. */
  limitReached: boolean;
  /** The reader's own exports of this playbook, newest first. */
  exports: ExportItem[];
}

/** What the colour fields hold before anyone chose: a dark blue header with white text, blue links. */
export const DEFAULT_COLOURS = { primary: '#1d3a5f', onPrimary: '#ffffff', accent: '#1f5aa6' } as const;

const COLOURS = ['primary', 'onPrimary', 'accent'] as const;

/** A colour picker (`<input type="color">`, which sends `#rrggbb`) with its label, hint and message. */
function ColourField({ page, name, value, error }: { page: PageContext; name: string; value: string; error?: string }) {
  const { t } = page;
  const { id, describedBy, messages, wrapperClass } = fieldParts(name, t(`playbooks.exports.field.${name}Hint`), error);
  const shown = /^#[0-9a-f]{6}$/i.test(value)
    ? value.toLowerCase()
    : DEFAULT_COLOURS[name as keyof typeof DEFAULT_COLOURS];
  return (
    <div class={wrapperClass}>
      <label class="field__label" for={id}>
        {t(`playbooks.exports.field.${name}`)}
      </label>
      {messages}
      <input
        type="color"
        id={id}
        name={name}
        value={shown}
        class={`input${error ? ' input--error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/**
 * "Export for your city": the form (the city's name, logo, colours and language; a file, so the form
 * is multipart), and the reader's own exports of this playbook with their state.
 */
export function ExportsPage({ page, view }: { page: PageContext; view: ExportsView }) {
  const { t } = page;
  const p = view.playbook;
  const heading = t('playbooks.exports.heading');
  const labels: Record<string, string> = {
    name: t('playbooks.exports.field.name'),
    logo: t('playbooks.exports.field.logo'),
    primary: t('playbooks.exports.field.primary'),
    onPrimary: t('playbooks.exports.field.onPrimary'),
    accent: t('playbooks.exports.field.accent'),
    lang: t('playbooks.exports.field.lang'),
  };
  const field = fieldsOf(view.values, view.errors, labels);
  const logo = fieldParts(
    'logo',
    t('playbooks.exports.field.logoHint', { size: EXPORT_LIMITS.logoBytes / 1024 }),
    view.errors.logo,
  );
  return (
    <Layout
      page={page}
      title={
        Object.keys(view.errors).length > 0
          ? t('playbooks.exports.titleWithErrors', { title: p.title })
          : t('playbooks.exports.title', { title: p.title })
      }
      breadcrumbs={[
        { label: t('playbooks.list.title'), path: '/playbooks' },
        { label: p.title, path: p.path },
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <p class="lead">
        {t('playbooks.exports.of')} <cite lang={p.lang !== page.locale ? p.lang : undefined}>{p.title}</cite>
      </p>
      <p>{t('playbooks.exports.intro')}</p>
      {view.limitReached ? (
        <Notice kind="warning">
          <p>{t('playbooks.exports.error.tooMany', { limit: EXPORT_LIMITS.perHour })}</p>
        </Notice>
      ) : null}
      <ErrorSummary page={page} errors={view.errors} labels={labels} />
      <h2 id="export-form">{t('playbooks.exports.formHeading')}</h2>
      {/* The core's Form, with the encoding that carries files. */}
      <form
        method="post"
        action={page.href(`${p.path}/exports`)}
        enctype="multipart/form-data"
        noValidate
        aria-labelledby="export-form"
      >
        <TokenInput page={page} />
        <Field
          {...field('name')}
          hint={t('playbooks.exports.field.nameHint')}
          required
          maxLength={EXPORT_LIMITS.name}
        />
        <div class={logo.wrapperClass}>
          <label class="field__label" for={logo.id}>
            {labels.logo}
          </label>
          {logo.messages}
          <input
            type="file"
            id={logo.id}
            name="logo"
            accept=".png,.jpg,.jpeg,image/png,image/jpeg"
            class={`input${view.errors.logo ? ' input--error' : ''}`}
            aria-invalid={view.errors.logo ? 'true' : undefined}
            aria-describedby={logo.describedBy}
          />
        </div>
        {COLOURS.map((name) => (
          <ColourField page={page} name={name} value={view.values[name]} error={view.errors[name]} />
        ))}
        <Select
          {...field('lang', view.values.lang || page.locale)}
          hint={t('playbooks.exports.field.langHint')}
          options={page.languages.map((code) => ({
            value: code,
            label:
              code === page.locale
                ? nativeLanguageName(code)
                : `${nativeLanguageName(code)} (${languageNameIn(page.locale, code)})`,
          }))}
        />
        <Button>{t('playbooks.exports.submit')}</Button>
      </form>
      <h2>{t('playbooks.exports.mine')}</h2>
      {view.exports.length === 0 ? (
        <p>{t('playbooks.exports.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{t('playbooks.exports.mine')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('playbooks.exports.column.made')}</th>
                <th scope="col">{t('playbooks.exports.column.for')}</th>
                <th scope="col">{t('playbooks.exports.column.lang')}</th>
                <th scope="col">{t('playbooks.exports.column.state')}</th>
              </tr>
            </thead>
            <tbody>
              {view.exports.map((e) => (
                <tr>
                  <th scope="row">
                    <a href={page.href(e.path)}>
                      <time dateTime={e.createdAt}>{page.i18n.dateTime(e.createdAt)}</time>
                    </a>
                  </th>
                  <td>{e.name}</td>
                  <td>{languageNameIn(page.locale, e.lang)}</td>
                  <td>
                    <ExportState page={page} item={e} compact />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={page.href(p.path)}>{t('playbooks.exports.back')}</a>
      </p>
    </Layout>
  );
}
