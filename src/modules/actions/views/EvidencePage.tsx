import type { FieldErrors } from '../../../core/http/forms.js';
import { describeFile, formatBytes } from '../../../core/uploads/attachments.js';
import { FileField, FileUploadForm } from '../../../core/uploads/views.js';
import { Button, ErrorSummary, Field, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { EDIT_LIMITS } from '../actions.edit.js';
import { EVIDENCE_WORDS } from '../actions.evidence.js';
import { actionPath } from '../actions.present.js';
import { actionLabel, planCrumbs } from './parts.js';

/** The page of one deliverable's file as evidence: the file it has, the form to attach one, the button to remove it. */
export interface EvidenceView {
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
  action: { number: number; title: string; lang: string };
  /** The deliverable's place in the action's list (0, 1 …) and its title. */
  index: number;
  deliverable: string;
  /** Its file, if it has one: the download's path after `/{lang}`. */
  file: { name: string; type: string; size: number; path: string } | null;
  /** Its other evidence (a link or a post), which a file replaces. */
  otherEvidence: boolean;
  maxBytes: number;
  explanation: string;
  errors: FieldErrors;
}

export function EvidencePage({ page, view }: { page: PageContext; view: EvidenceView }) {
  const { t } = page;
  const { partnership, action, file, errors } = view;
  const base = actionPath(partnership.slug, action.number);
  const self = `${base}/deliverables/${view.index}/evidence`;
  const row = t('actions.edit.row.deliverables', { n: view.index + 1 });
  const heading = t('actions.evidence.title', { row, action: actionLabel(page, action.number) });
  const labels = { file: t('actions.evidence.fileLabel'), explanation: t('actions.update.explanation') };
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[
        ...planCrumbs(page, partnership),
        { label: actionLabel(page, action.number), path: base },
        { label: t('actions.evidence.crumb') },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={view.tabs} current="/actions">
        <h1>{heading}</h1>
        <p>
          <a href={page.href(base)} lang={action.lang !== page.locale ? action.lang : undefined}>
            {action.title}
          </a>
          {' · '}
          {view.deliverable}
        </p>
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <section aria-labelledby="evidence-current">
          <h2 id="evidence-current">{t('actions.evidence.current')}</h2>
          {file ? (
            <>
              <p>
                <a href={page.href(file.path)} download>
                  {file.name}
                </a>{' '}
                ({describeFile(page, EVIDENCE_WORDS, file)})
              </p>
              <Form page={page} action={page.href(`${self}/delete`)}>
                <Button variant="secondary" aria-label={t('actions.evidence.removeNamed', { name: file.name })}>
                  {t('actions.evidence.remove')}
                </Button>
              </Form>
            </>
          ) : (
            <p>{t('actions.evidence.noFile')}</p>
          )}
        </section>
        <section aria-labelledby="evidence-add">
          <h2 id="evidence-add">{file ? t('actions.evidence.replace') : t('actions.evidence.add')}</h2>
          {view.otherEvidence ? <p>{t('actions.evidence.replacesOther')}</p> : null}
          <FileUploadForm
            page={page}
            words={EVIDENCE_WORDS}
            action={page.href(self)}
            labelledBy="evidence-add"
            count={0}
            limit={1}
            submit={t('actions.evidence.upload')}
          >
            <FileField
              label={labels.file}
              hint={t('actions.evidence.fileHint', { size: formatBytes(view.maxBytes, page.locale) })}
              error={errors.file}
              required
            />
            <Field
              name="explanation"
              label={labels.explanation}
              value={view.explanation}
              error={errors.explanation}
              hint={t('actions.update.explanationHint')}
              multiline
              maxLength={EDIT_LIMITS.explanation}
            />
          </FileUploadForm>
        </section>
        <p>
          <a href={page.href(`${base}/edit`)}>{t('actions.evidence.back')}</a>
        </p>
      </PartnershipFrame>
    </Layout>
  );
}
