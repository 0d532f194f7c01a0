import type { ComponentChildren, JSX } from 'preact';
import type { FieldErrors } from '../http/forms.js';
import { languageNameIn } from '../i18n/locales.js';
import { Personal } from '../shared/render.js';
import type { PageContext } from './page-context.js';

/** A button; `variant` picks the look, never the meaning. */
export function Button({
  children,
  variant = 'primary',
  type = 'submit',
  ...rest
}: { children: ComponentChildren; variant?: 'primary' | 'secondary' | 'link'; type?: 'submit' | 'button' } & Omit<
  JSX.HTMLAttributes<HTMLButtonElement>,
  'type'
>) {
  return (
    <button type={type} class={`button button--${variant}`} {...rest}>
      {children}
    </button>
  );
}

/** A message box; `role="status"` for success and information, `alert` for problems. */
export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  title?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'warning' ? 'alert' : 'status'}>
      {title ? <p class="notice__title">{title}</p> : null}
      {children}
    </div>
  );
}

/**
 * The list of a form's problems at its top, each linking to its field (GOV.UK pattern).
 * Nothing is rendered when there are no errors.
 */
export function ErrorSummary({
  page,
  errors,
  labels,
}: {
  page: PageContext;
  errors: FieldErrors;
  labels: Record<string, string>;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" class="error-summary__title">
        {page.t('core.form.errorSummary', { count: entries.length })}
      </h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#field-${field}`}>
              {labels[field] ?? field}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The hidden field with the page's CSRF token: the reader's own (so cut out of what pages share). */
export function TokenInput({ page }: { page: PageContext }) {
  return (
    <Personal>
      <input type="hidden" name="_csrf" value={page.csrfToken()} />
    </Personal>
  );
}

/** A form that posts with its CSRF token. */
export function Form({
  page,
  action,
  children,
  method = 'post',
  ...rest
}: {
  page: PageContext;
  action: string;
  children: ComponentChildren;
  method?: 'post' | 'get';
} & JSX.HTMLAttributes<HTMLFormElement>) {
  return (
    <form method={method} action={action} noValidate {...rest}>
      {method === 'post' ? <TokenInput page={page} /> : null}
      {children}
    </form>
  );
}

/**
 * What every form control shares (GOV.UK pattern): its id, the hint and error paragraphs,
 * and the `aria-describedby` that ties them to the control.
 */
export function fieldParts(name: string, hint?: ComponentChildren, error?: string) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const messages = (
    <>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
  return { id, describedBy, messages, wrapperClass: `field${error ? ' field--error' : ''}` };
}

interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'datetime-local' | 'search';
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  maxLength?: number;
}

/** A labelled input with its hint and its error message, wired up with aria-describedby. */
export function Field({
  name,
  label,
  value,
  error,
  hint,
  type = 'text',
  required,
  autocomplete,
  multiline,
  maxLength,
}: FieldProps) {
  const { id, describedBy, messages, wrapperClass } = fieldParts(name, hint, error);
  const common = {
    id,
    name,
    required,
    maxLength,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    class: `input${error ? ' input--error' : ''}`,
  };
  return (
    <div class={wrapperClass}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {messages}
      {multiline ? (
        <textarea {...common} rows={8}>
          {value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={type} value={value ?? ''} autoComplete={autocomplete} />
      )}
    </div>
  );
}

/** A data table with a caption; `rowHeader` makes the first cell of each row a header. */
export function Table({
  caption,
  columns,
  rows,
  rowHeader = true,
  numeric = [],
}: {
  caption: string;
  columns: string[];
  rows: ComponentChildren[][];
  rowHeader?: boolean;
  numeric?: number[];
}) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th scope="col" class={numeric.includes(i) ? 'numeric' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells) => (
            <tr>
              {cells.map((cell, i) =>
                i === 0 && rowHeader ? (
                  <th scope="row">{cell}</th>
                ) : (
                  <td class={numeric.includes(i) ? 'numeric' : undefined}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Tags as a list of links. */
export function Tags({
  page,
  label,
  tags,
}: {
  page: PageContext;
  label: string;
  tags: { slug: string; label: string; lang?: string }[];
}) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label={label}>
      {tags.map((tag) => (
        <li>
          <a
            class="tag"
            href={page.href(`/tags/${encodeURIComponent(tag.slug)}`)}
            lang={tag.lang && tag.lang !== page.locale ? tag.lang : undefined}
          >
            {tag.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Keyset pagination: links to the next and previous pages by cursor, never by offset, so a
 * page stays fast however deep the reader goes.
 */
export function Pagination({
  page,
  previous,
  next,
}: {
  page: PageContext;
  previous?: string | null;
  next?: string | null;
}) {
  if (!previous && !next) return null;
  return (
    <nav class="pagination" aria-label={page.t('core.pagination.label')}>
      <ul>
        {previous ? (
          <li>
            <a href={previous} rel="prev">
              {page.t('core.pagination.previous')}
            </a>
          </li>
        ) : null}
        {next ? (
          <li>
            <a href={next} rel="next">
              {page.t('core.pagination.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/**
 * Content in a language other than the page's gets its `lang` (WCAG 3.1.2); with `labelled`, also
 * a visible label after it that says which language it is in (on a Czech page: "anglicky").
 */
export function InLanguage({
  page,
  lang,
  children,
  as: Tag = 'span',
  labelled = false,
}: {
  page: PageContext;
  lang: string;
  children: ComponentChildren;
  as?: 'span' | 'div' | 'p' | 'h1' | 'h2' | 'h3';
  labelled?: boolean;
}) {
  const other = lang !== page.locale;
  const content = <Tag lang={other ? lang : undefined}>{children}</Tag>;
  if (!labelled || !other) return content;
  return (
    <>
      {content} <LanguageLabel page={page} lang={lang} />
    </>
  );
}

/**
 * The visible label of an item in another language than the page's ("English" on an English
 * page for a Czech item, "anglicky" on a Czech page): for lists, where titles in several languages
 * sit side by side. Nothing when the item is in the page's language.
 */
export function LanguageLabel({ page, lang }: { page: PageContext; lang: string | null | undefined }) {
  if (!lang || lang === page.locale) return null;
  return (
    <span class="language-label">
      {page.t('core.inLanguage.label', { lang, name: languageNameIn(page.locale, lang) })}
    </span>
  );
}

/** A labelled drop-down; `options` are value and label pairs, the first may be an empty "any". */
export function Select({
  name,
  label,
  options,
  value,
  error,
  hint,
  groups = [],
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  /** More options after `options`, each group under its label (an `<optgroup>`), or plain when it has none. */
  groups?: { label: string | null; options: { value: string; label: string }[] }[];
  value?: string | null;
  error?: string | undefined;
  hint?: string;
}) {
  const { id, describedBy, messages, wrapperClass } = fieldParts(name, hint, error);
  const choice = (option: { value: string; label: string }) => (
    <option value={option.value} selected={option.value === (value ?? '')}>
      {option.label}
    </option>
  );
  return (
    <div class={wrapperClass}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {messages}
      <select
        id={id}
        name={name}
        class={`input select${error ? ' input--error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      >
        {options.map(choice)}
        {groups.map((group) =>
          group.label === null ? (
            group.options.map(choice)
          ) : (
            <optgroup label={group.label}>{group.options.map(choice)}</optgroup>
          ),
        )}
      </select>
    </div>
  );
}

/** A form that posts, under the summary of its problems (each linking to its field, named by `labels`). */
export function CheckedForm({
  page,
  errors,
  labels,
  action,
  children,
  ...rest
}: {
  page: PageContext;
  errors: FieldErrors;
  labels: Record<string, string>;
  action: string;
  children: ComponentChildren;
} & JSX.HTMLAttributes<HTMLFormElement>) {
  return (
    <>
      <ErrorSummary page={page} errors={errors} labels={labels} />
      <Form page={page} action={action} {...rest}>
        {children}
      </Form>
    </>
  );
}

/**
 * The props of `Field` (or `Select`) for a field of a form: its name, label, value (the form's own,
 * or `value` for one that is not a plain property, like a numbered row) and message.
 */
export function fieldsOf(values: object, errors: FieldErrors, labels: Record<string, string>) {
  const own = values as Record<string, string | undefined>;
  return (name: string, value: string | undefined = own[name]) => ({
    name,
    label: labels[name] ?? name,
    value,
    error: errors[name],
  });
}

/** Plain text as paragraphs, a blank line between two (texts that are not Markdown: a lesson's, a playbook's). */
export function Paragraphs({ text, lang }: { text: string; lang?: string | undefined }) {
  return (
    <div class="prose" lang={lang}>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>{p}</p>
        ))}
    </div>
  );
}
