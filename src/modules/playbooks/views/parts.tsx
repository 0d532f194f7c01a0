import { LanguageLabel } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PlaybookItem } from '../playbooks.present.js';
import { playbookPath } from '../playbooks.queries.js';

/** A number of bytes as a reader of `locale` writes it: "820 kB", "1.4 MB". */
export function bytesInWords(locale: string, bytes: number): string {
  const [value, unit] =
    bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : bytes >= 1000 ? [bytes / 1000, 'kilobyte'] : [bytes, 'byte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    value,
  );
}

/** One playbook in a list: its title (in its language), who it is for, its partnership, when it was published. */
export function PlaybookCard({ page, playbook }: { page: PageContext; playbook: PlaybookItem }) {
  const { t } = page;
  const id = `playbook-${playbook.slug}`;
  const lang = playbook.lang !== page.locale ? playbook.lang : undefined;
  return (
    <li class="card" aria-labelledby={id}>
      <h3 class="card__title" id={id}>
        <a href={page.href(playbookPath(playbook.slug))} lang={lang}>
          {playbook.title}
        </a>{' '}
        <LanguageLabel page={page} lang={playbook.lang} />
      </h3>
      <p class="card__text" lang={lang}>
        {playbook.target}
      </p>
      <p class="card__meta">
        {playbook.state !== 'published' ? <strong>{t(`playbooks.state.${playbook.state}`)} · </strong> : null}
        {playbook.partnershipTitle}
        {playbook.publishedAt ? (
          <>
            {' · '}
            <time dateTime={playbook.publishedAt}>{page.i18n.date(playbook.publishedAt)}</time>
          </>
        ) : null}
      </p>
    </li>
  );
}
