import type { ComponentChildren } from 'preact';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type FramedPartnership, type HubTab } from '../../partnerships/index.js';
import { meetingPath } from '../meetings.present.js';
import { ordinal } from './parts.js';

// What the coordinators' forms of meetings share: the frame of their pages and a plain checkbox.
// The controls, the form under its error summary (`CheckedForm`) and a field's props bound to its
// value, message and label (`fieldsOf`) are core's.

type Crumb = { label: string; path?: string };

/** The breadcrumb back to a partnership's meetings. */
export const meetingsCrumb = (page: PageContext, partnershipSlug: string): Crumb => ({
  label: page.t('meetings.hub.tab'),
  path: `/partnerships/${partnershipSlug}/meetings`,
});

/** The breadcrumb back to a meeting, by its place in the series ("11th meeting"). */
export const meetingCrumb = (page: PageContext, partnershipSlug: string, number: number): Crumb => ({
  label: ordinal(page, number),
  path: meetingPath(partnershipSlug, number),
});

/**
 * A coordinator's page about one partnership's meetings, outside the hub's frame: the layout with
 * the partnership first in the breadcrumbs, then `crumbs`; the title as its heading, then `children`.
 */
export function PlanningLayout({
  page,
  partnership,
  title,
  crumbs,
  children,
}: {
  page: PageContext;
  partnership: { slug: string; title: string };
  title: string;
  crumbs: Crumb[];
  children: ComponentChildren;
}) {
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[{ label: partnership.title, path: `/partnerships/${partnership.slug}` }, ...crumbs]}
    >
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

/**
 * A coordinator's page about one meeting (its agenda, cancelling it), outside the hub's frame: the
 * breadcrumbs partnership › meetings › the meeting › `crumb`.
 */
export function OneMeetingLayout({
  page,
  partnership,
  number,
  title,
  crumb,
  children,
}: {
  page: PageContext;
  partnership: { slug: string; title: string };
  number: number;
  title: string;
  crumb: string;
  children: ComponentChildren;
}) {
  const crumbs = [
    meetingsCrumb(page, partnership.slug),
    meetingCrumb(page, partnership.slug, number),
    { label: crumb },
  ];
  return (
    <PlanningLayout page={page} partnership={partnership} title={title} crumbs={crumbs}>
      {children}
    </PlanningLayout>
  );
}

/**
 * A coordinator's page about one meeting in the partnership's hub frame (Meetings tab): the
 * breadcrumbs partnerships › partnership › meeting › `crumb` (or, with `trail`, partnerships ›
 * partnership › `trail` › `crumb`), `heading` as the title (with the partnership's) and the
 * heading, then `children`.
 */
export function FramedMeetingLayout({
  page,
  partnership,
  tabs,
  base,
  meetingTitle,
  trail,
  heading,
  crumb,
  children,
}: {
  page: PageContext;
  partnership: FramedPartnership;
  tabs: readonly HubTab[];
  /** The meeting's path after `/{lang}`. */
  base: string;
  meetingTitle: string;
  /** The crumbs to the meeting, instead of its title (e.g. the partnership's meetings, then the meeting by number). */
  trail?: Crumb[];
  heading: string;
  crumb: string;
  children: ComponentChildren;
}) {
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[
        { label: page.t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        ...(trail ?? [{ label: meetingTitle, path: base }]),
        { label: crumb },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/meetings">
        <h1>{heading}</h1>
        {children}
      </PartnershipFrame>
    </Layout>
  );
}

/** A checkbox with its label after it (no hint, no message: it cannot be wrong). */
export function Checkbox({
  name,
  label,
  checked,
  value,
}: {
  name: string;
  label: string;
  checked: boolean;
  /** What it sends when checked (the browser's `on` when not given). */
  value?: string;
}) {
  return (
    <div class="field">
      <input type="checkbox" id={`field-${name}`} name={name} value={value} checked={checked} />{' '}
      <label for={`field-${name}`}>{label}</label>
    </div>
  );
}
