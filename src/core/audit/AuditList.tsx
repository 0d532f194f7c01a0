import type { PageContext } from '../views/page-context.js';
import type { AuditLine } from './sentences.js';

/**
 * Audit entries as a list a person reads, newest first: the sentence, then when (a list, not a
 * table, so that it fits a phone's width). `label` names the list for assistive technology.
 */
export function AuditList({
  page,
  label,
  entries,
  withPartnership = false,
}: {
  page: PageContext;
  label: string;
  entries: AuditLine[];
  /** Name the partnership of each entry (the whole platform's log). */
  withPartnership?: boolean;
}) {
  return (
    <ol class="audit-log" aria-label={label}>
      {entries.map((e) => (
        <li class="audit-log__entry" id={`audit-${e.id}`}>
          <p class="audit-log__sentence">{e.sentence}</p>
          <p class="audit-log__when">
            <time datetime={e.at}>{page.i18n.dateTime(e.at)}</time>
            {withPartnership && e.partnershipName ? <> · {e.partnershipName}</> : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
