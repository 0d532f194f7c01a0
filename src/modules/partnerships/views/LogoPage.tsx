import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, fieldParts, Form, Notice, TokenInput } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { LOGO_ACCEPT } from '../logo.service.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';
import { editingCrumbs, titleWithErrors } from './EditingParts.js';

/** Which notice to show after a form (`?done=…`); only these are shown. */
const DONE = ['saved', 'removed', 'none'];

/**
 * The logo of a partnership: the one it has, a form to upload another (PNG, JPEG or WebP, at
 * most 1 MB) and a button to remove it. Works without JavaScript.
 */
export function LogoPage({
  page,
  partnership,
  tabs,
  errors,
  done,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The sub-navigation of the partnership's frame (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  errors: FieldErrors;
  done?: string | undefined;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.logo.title');
  const labels = { logo: t('partnerships.logo.file') };
  const file = fieldParts('logo', t('partnerships.logo.hint'), errors.logo);
  return (
    <Layout
      page={page}
      title={titleWithErrors(page, title, partnership, errors)}
      breadcrumbs={editingCrumbs(page, partnership, title)}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <div class="narrow">
          <ErrorSummary page={page} errors={errors} labels={labels} />
          <h1>{title}</h1>
          {done && DONE.includes(done) ? (
            <Notice kind="success">
              <p>{t(`partnerships.logo.done.${done}`)}</p>
            </Notice>
          ) : null}
          {partnership.logo ? (
            <figure class="logo-preview">
              <img src={partnership.logo} alt={t('partnerships.logo.alt', { title: partnership.title })} />
              <figcaption>{t('partnerships.logo.current')}</figcaption>
            </figure>
          ) : (
            <p>{t('partnerships.logo.noLogo')}</p>
          )}
          <h2 id="logo-upload">{partnership.logo ? t('partnerships.logo.replace') : t('partnerships.logo.add')}</h2>
          {/* The core's Form, with the encoding that carries files. */}
          <form
            method="post"
            action={page.href(`${base}/logo`)}
            enctype="multipart/form-data"
            noValidate
            aria-labelledby="logo-upload"
          >
            <TokenInput page={page} />
            <div class={file.wrapperClass}>
              <label class="field__label" for={file.id}>
                {labels.logo}
              </label>
              {file.messages}
              <input
                type="file"
                id={file.id}
                name="logo"
                accept={LOGO_ACCEPT}
                required
                class={`input${errors.logo ? ' input--error' : ''}`}
                aria-invalid={errors.logo ? 'true' : undefined}
                aria-describedby={file.describedBy}
              />
            </div>
            <Button>{t('partnerships.logo.upload')}</Button>
          </form>
          {partnership.logo ? (
            <>
              <h2 id="logo-remove">{t('partnerships.logo.removeTitle')}</h2>
              <p>{t('partnerships.logo.removeText')}</p>
              <Form page={page} action={page.href(`${base}/logo/delete`)} aria-labelledby="logo-remove">
                <Button variant="secondary">{t('partnerships.logo.remove')}</Button>
              </Form>
            </>
          ) : null}
          <p>
            <a href={page.href(`${base}/edit`)}>{t('partnerships.editing.back')}</a>
          </p>
        </div>
      </PartnershipFrame>
    </Layout>
  );
}
