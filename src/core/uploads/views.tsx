import type { ComponentChildren } from 'preact';
import { Button, fieldParts, Form, Table, TokenInput } from '../views/components.js';
import type { PageContext } from '../views/page-context.js';
import { attachmentPath, type AttachmentWords } from './attachments.js';
import { ACCEPTED_EXTENSIONS, FILE_TYPES } from './sniff.js';

// The parts of pages about files attached to something (core/uploads/attachments.ts): the file
// input, the form that sends one, the table of files with a delete button each. The words are the
// module's (`words.prefix`: `none`, `caption`, `delete`, `deleteNamed`, `error.tooMany`).

/** The `accept` hint of the file input: extensions and media types (the server checks the content anyway). */
const ACCEPT = [...ACCEPTED_EXTENSIONS, ...FILE_TYPES.map((type) => type.mediaType)].join(',');

/** The file input `file` with its label, hint and message (the pattern of core's `Field`). */
export function FileField({
  label,
  hint,
  error,
  required = false,
  accept = ACCEPT,
}: {
  label: string;
  hint: string;
  error: string | undefined;
  required?: boolean;
  /** The `accept` hint, when a form takes fewer kinds of file than the uploads do. */
  accept?: string;
}) {
  const file = fieldParts('file', hint, error);
  return (
    <div class={file.wrapperClass}>
      <label class="field__label" for={file.id}>
        {label}
      </label>
      {file.messages}
      <input
        type="file"
        id={file.id}
        name="file"
        accept={accept}
        required={required}
        class={`input${error ? ' input--error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={file.describedBy}
      />
    </div>
  );
}

/**
 * The form that adds a file (works without JavaScript), named by the heading `labelledBy`; when
 * `count` files of at most `limit` are there already, the message that says so instead.
 */
export function FileUploadForm({
  page,
  words,
  action,
  labelledBy,
  count,
  limit,
  submit,
  children,
}: {
  page: PageContext;
  words: AttachmentWords;
  action: string;
  labelledBy: string;
  count: number;
  limit: number;
  submit: string;
  children: ComponentChildren;
}) {
  if (count >= limit) return <p>{page.t(`${words.prefix}.error.tooMany`, { limit })}</p>;
  return (
    // The core's Form, with the encoding that carries files.
    <form method="post" action={action} enctype="multipart/form-data" noValidate aria-labelledby={labelledBy}>
      <TokenInput page={page} />
      {children}
      <Button>{submit}</Button>
    </form>
  );
}

/**
 * The files of something (its page is `base`, after `/{lang}`), or the sentence that there are
 * none: a row each, its name a download link, then `cells`, then its delete button.
 */
export function AttachmentTable<A extends { id: number; name: string; type: string }>({
  page,
  words,
  base,
  columns,
  files,
  cells,
}: {
  page: PageContext;
  words: AttachmentWords;
  base: string;
  columns: string[];
  files: A[];
  cells: (file: A) => ComponentChildren[];
}) {
  const { t } = page;
  if (files.length === 0) return <p>{t(`${words.prefix}.none`)}</p>;
  return (
    <Table
      caption={t(`${words.prefix}.caption`, { count: files.length })}
      columns={columns}
      rows={files.map((a) => [
        <a href={page.href(attachmentPath(base, a))} download>
          {a.name}
        </a>,
        ...cells(a),
        <Form page={page} action={page.href(`${base}/attachments/${a.id}/delete`)}>
          <Button variant="secondary" aria-label={t(`${words.prefix}.deleteNamed`, { name: a.name })}>
            {t(`${words.prefix}.delete`)}
          </Button>
        </Form>,
      ])}
    />
  );
}
