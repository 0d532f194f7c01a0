import { toCsv } from '../../core/csv.js';
import type { ModuleContext } from '../../core/module.js';
import { postContentType } from '../news/index.js';
import { findOrganisationsByIds } from '../organisations/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import { evidenceFilePath, evidenceFilesOf } from './actions.evidence.js';
import { audienceOfFlag } from './actions.present.js';
import * as q from './actions.queries.js';
import type {
  ActionStatus,
  ChallengeStatus,
  DeliverableType,
  Impact,
  ProgressMode,
  WorkStatus,
} from './actions.tables.js';

// The action plan as a file (export) and the words of that file (import reads the same): a plan
// is its themes and its actions, each with its key activities, deliverables and challenges;
// organisations by slug, themes by title, tags by their label in the action's language, a merge
// by the number of the action it went into. The same file whatever the page's language.

/** The columns of the CSV file, in order. `kind` says what a row is; each kind fills its own columns. */
export const COLUMNS = [
  'kind',
  'number',
  'theme',
  'title',
  'description',
  'status',
  'merged_into',
  'progress',
  'progress_mode',
  'starts_on',
  'ends_on',
  'members_only',
  'lang',
  'tags',
  'leads',
  'contributors',
  'support_needed',
  'type',
  'due_on',
  'weight',
  'evidence',
  'impact',
  'mitigation',
  'raised_on',
  'resolved_on',
] as const;
export type Column = (typeof COLUMNS)[number];

export const ROW_KINDS = ['theme', 'action', 'activity', 'deliverable', 'challenge'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** The columns each kind of row fills (`number`: a theme's position, else the action's number). */
export const COLUMNS_OF: Record<RowKind, readonly Column[]> = {
  theme: ['kind', 'number', 'title'],
  // An action's own columns come first in the file, up to `support_needed`.
  action: COLUMNS.slice(0, COLUMNS.indexOf('support_needed') + 1),
  activity: ['kind', 'number', 'title', 'status', 'starts_on', 'ends_on'],
  deliverable: ['kind', 'number', 'title', 'type', 'due_on', 'status', 'weight', 'evidence'],
  challenge: ['kind', 'number', 'description', 'impact', 'mitigation', 'status', 'raised_on', 'resolved_on'],
};

/** Lists in a cell (tags, leads, contributors) are separated by semicolons. */
export const LIST_SEPARATOR = ';';

export interface ActivityRecord {
  title: string;
  status: WorkStatus;
  starts_on: string | null;
  ends_on: string | null;
}
export interface DeliverableRecord {
  title: string;
  type: DeliverableType;
  due_on: string | null;
  status: WorkStatus;
  weight: number;
  /** A link; a news post is given by its address. */
  evidence: string | null;
}
export interface ChallengeRecord {
  description: string;
  impact: Impact;
  mitigation: string;
  status: ChallengeStatus;
  raised_on: string;
  resolved_on: string | null;
}

/** An action as the file has it. */
export interface ActionRecord {
  number: number;
  theme: string | null;
  title: string;
  description: string;
  status: ActionStatus;
  merged_into: number | null;
  progress: number;
  progress_mode: ProgressMode;
  starts_on: string | null;
  ends_on: string | null;
  members_only: boolean;
  lang: string;
  tags: string[];
  leads: string[];
  contributors: string[];
  /** What the action needs from others (a text). */
  support_needed: string;
  activities: ActivityRecord[];
  deliverables: DeliverableRecord[];
  challenges: ChallengeRecord[];
}

export interface PlanRecord {
  themes: { position: number; title: string }[];
  actions: ActionRecord[];
}

/**
 * A partnership's plan as the file has it, for a reader who sees members-only actions or not (the
 * one visibility rule: `actionsOfPlan`). A merge into an action they may not see, and a news post
 * they may not read as evidence, are left out.
 */
export async function planRecord(ctx: ModuleContext, partnershipId: number, membersOnly: boolean): Promise<PlanRecord> {
  const [themes, actions] = await Promise.all([
    q.themesOf(ctx.db, partnershipId),
    q.actionsOfPlan(ctx.db, partnershipId, membersOnly),
  ]);
  return {
    themes: themes.map((t) => ({ position: t.position, title: t.title })),
    actions: await actionRecords(ctx, actions, membersOnly),
  };
}

/** Actions (of one partnership) as the file has them. */
export async function actionRecords(
  ctx: ModuleContext,
  actions: readonly q.Action[],
  membersOnly: boolean,
): Promise<ActionRecord[]> {
  if (actions.length === 0) return [];
  const partnershipId = actions[0]!.partnershipId;
  const ids = actions.map((a) => a.id);
  const langs = [...new Set(actions.map((a) => a.originalLang))];
  const [themes, links, children, tagsByLang, targets] = await Promise.all([
    q.themesOf(ctx.db, partnershipId),
    q.organisationsOfActions(ctx.db, ids),
    Promise.all(ids.map((id) => q.childrenOf(ctx.db, id))),
    Promise.all(langs.map(async (lang) => [lang, await tagsOf(ctx.db, 'action', ids, lang)] as const)),
    q.findActionsByIds(
      ctx.db,
      actions.flatMap((a) => (a.mergedInto === null ? [] : [a.mergedInto])),
    ),
  ]);
  const orgs = await findOrganisationsByIds(ctx.db, [...new Set(links.map((l) => l.organisationId))]);
  const audience = audienceOfFlag(partnershipId, membersOnly);
  const postIds = children.flatMap((c) =>
    c.deliverables.flatMap((d) => (d.evidence_post_id === null ? [] : [d.evidence_post_id])),
  );
  const [posts, files, slugOf] = await Promise.all([
    postContentType.describe(ctx, postIds, audience, 'en', new Date()),
    Promise.all(ids.map((id) => evidenceFilesOf(ctx.db, id))),
    partnershipSlugsByIds(ctx.db, [partnershipId]),
  ]);
  const slug = slugOf.get(partnershipId) ?? '';
  const themeTitle = new Map(themes.map((t) => [t.id, t.title]));
  const numberOf = new Map(targets.filter((t) => !t.membersOnly || membersOnly).map((t) => [t.id, t.number]));
  const tags = new Map(tagsByLang);
  const base = ctx.config.baseUrl.replace(/\/+$/, '');
  const slugs = (actionId: number, role: 'lead' | 'contributor') =>
    links
      .filter((l) => l.actionId === actionId && l.role === role)
      .flatMap((l) => {
        const org = orgs.get(l.organisationId);
        return org ? [org.slug] : [];
      });
  return actions.map((a, i) => {
    const { activities, deliverables, challenges } = children[i]!;
    return {
      number: a.number,
      theme: a.themeId === null ? null : (themeTitle.get(a.themeId) ?? null),
      title: a.title,
      description: a.description,
      status: a.status,
      merged_into: a.mergedInto === null ? null : (numberOf.get(a.mergedInto) ?? null),
      progress: a.progress,
      progress_mode: a.progressMode,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      members_only: a.membersOnly,
      lang: a.originalLang,
      tags: (tags.get(a.originalLang)?.get(a.id) ?? []).map((t) => t.label),
      leads: slugs(a.id, 'lead'),
      contributors: slugs(a.id, 'contributor'),
      support_needed: a.supportNeeded,
      activities: activities.map((x) => ({
        title: x.title,
        status: x.status,
        starts_on: x.starts_on,
        ends_on: x.ends_on,
      })),
      deliverables: deliverables.map((d) => {
        const post = d.evidence_post_id === null ? undefined : posts.get(d.evidence_post_id);
        // A file as evidence goes out as its download's address (import keeps the file when it comes back).
        const file = d.evidence_file_id === null ? undefined : files[i]!.get(d.evidence_file_id);
        return {
          title: d.title,
          type: d.type,
          due_on: d.due_on,
          status: d.status,
          weight: Number(d.weight),
          evidence: file
            ? `${base}/en${evidenceFilePath(slug, a.number, { ...file, type: file.media_type })}`
            : post
              ? `${base}/en${post.path}`
              : d.evidence_url,
        };
      }),
      challenges: challenges.map((c) => ({
        description: c.description,
        impact: c.impact,
        mitigation: c.mitigation,
        status: c.status,
        raised_on: c.raised_on,
        resolved_on: c.resolved_on,
      })),
    };
  });
}

const list = (values: readonly string[]) => values.join(`${LIST_SEPARATOR} `);

/** An action's rows of the file: its own, then its activities, deliverables and challenges. */
export function actionRows(a: ActionRecord): Partial<Record<Column, string>>[] {
  const n = String(a.number);
  return [
    {
      kind: 'action',
      number: n,
      theme: a.theme ?? '',
      title: a.title,
      description: a.description,
      status: a.status,
      merged_into: a.merged_into === null ? '' : String(a.merged_into),
      progress: String(a.progress),
      progress_mode: a.progress_mode,
      starts_on: a.starts_on ?? '',
      ends_on: a.ends_on ?? '',
      members_only: String(a.members_only),
      lang: a.lang,
      tags: list(a.tags),
      leads: list(a.leads),
      contributors: list(a.contributors),
      support_needed: a.support_needed,
    },
    ...a.activities.map((x) => ({
      kind: 'activity',
      number: n,
      title: x.title,
      status: x.status,
      starts_on: x.starts_on ?? '',
      ends_on: x.ends_on ?? '',
    })),
    ...a.deliverables.map((d) => ({
      kind: 'deliverable',
      number: n,
      title: d.title,
      type: d.type,
      due_on: d.due_on ?? '',
      status: d.status,
      weight: String(d.weight),
      evidence: d.evidence ?? '',
    })),
    ...a.challenges.map((c) => ({
      kind: 'challenge',
      number: n,
      description: c.description,
      impact: c.impact,
      mitigation: c.mitigation,
      status: c.status,
      raised_on: c.raised_on,
      resolved_on: c.resolved_on ?? '',
    })),
  ];
}

/** The plan as a CSV file: the header, the themes, then each action followed by its children. */
export function planCsv(plan: PlanRecord): string {
  const rows: Partial<Record<Column, string>>[] = [
    ...plan.themes.map((t) => ({ kind: 'theme', number: String(t.position), title: t.title })),
    ...plan.actions.flatMap(actionRows),
  ];
  return toCsv([[...COLUMNS], ...rows.map((row) => COLUMNS.map((c) => row[c] ?? ''))]);
}

/** The plan as a JSON file (the partnership named by its slug). */
export function planJson(slug: string, plan: PlanRecord): string {
  return `${JSON.stringify({ partnership: slug, themes: plan.themes, actions: plan.actions }, null, 2)}\n`;
}
