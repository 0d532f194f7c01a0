import { VISITORS, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { decisionsNamingAction } from '../meetings/index.js';
import { postContentType, renderMarkdown } from '../news/index.js';
import { findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import * as q from './actions.queries.js';
import { evidenceFilesOf, evidenceFilePath } from './actions.evidence.js';
import type { ActionDetail, ActionSnapshot, ActionSummary, Decision, VersionLine } from './actions.schema.js';

/** An action's page, after `/{lang}`. */
export const actionPath = (partnership: string, number: number) => `/partnerships/${partnership}/actions/${number}`;

/** The audience a shared read works for: a partnership's members (members-only content) or visitors. */
export const audienceOfFlag = (partnershipId: number, membersOnly: boolean): ContentAudience =>
  membersOnly ? { membersOf: [partnershipId], editorOf: [], userId: null } : VISITORS;

/** Actions as the plan and the API show them, in a language (member states are named in it). */
export async function presentActions(
  ctx: ModuleContext,
  actions: readonly q.Action[],
  lang: string,
): Promise<(ActionSummary & { id: number })[]> {
  const ids = actions.map((a) => a.id);
  const partnerships = [...new Set(actions.map((a) => a.partnershipId))];
  const [slugs, links, tags, themes, numbers] = await Promise.all([
    partnershipSlugsByIds(ctx.db, partnerships),
    q.organisationsOfActions(ctx.db, ids),
    tagsOf(ctx.db, 'action', ids, lang),
    Promise.all(partnerships.map((p) => q.themesOf(ctx.db, p))),
    q.findActionsByIds(
      ctx.db,
      actions.flatMap((a) => (a.mergedInto === null ? [] : [a.mergedInto])),
    ),
  ]);
  const orgs = await findOrganisationsByIds(ctx.db, [...new Set(links.map((l) => l.organisationId))]);
  const themeById = new Map(themes.flat().map((t) => [t.id, { position: t.position, title: t.title }]));
  const numberById = new Map(numbers.map((a) => [a.id, a.number]));
  const orgRef = (id: number) => {
    const org = orgs.get(id);
    return org ? [{ slug: org.slug, name: organisationDisplayName(org, lang) }] : [];
  };
  return actions.map((a) => {
    const mine = links.filter((l) => l.actionId === a.id);
    return {
      id: a.id,
      number: a.number,
      partnership: slugs.get(a.partnershipId) ?? '',
      title: a.title,
      lang: a.originalLang,
      theme: a.themeId === null ? null : (themeById.get(a.themeId) ?? null),
      status: a.status,
      mergedInto: a.mergedInto === null ? null : (numberById.get(a.mergedInto) ?? null),
      progress: a.progress,
      progressMode: a.progressMode,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      membersOnly: a.membersOnly,
      leads: mine.filter((l) => l.role === 'lead').flatMap((l) => orgRef(l.organisationId)),
      contributors: mine.filter((l) => l.role === 'contributor').flatMap((l) => orgRef(l.organisationId)),
      tags: tags.get(a.id) ?? [],
    };
  });
}

/** Versions as the timeline and the API show them (who by name; a deleted account is null). */
export async function presentVersions(ctx: ModuleContext, versions: readonly q.VersionRow[]) {
  const users = await findUsersByIds(
    ctx.db,
    versions.flatMap((v) => (v.userId === null ? [] : [v.userId])),
  );
  return versions.map((v): VersionLine & { snapshot: ActionSnapshot } => {
    const user = v.userId === null ? undefined : users.get(v.userId);
    return {
      version: v.version,
      at: v.at,
      by: user && !user.deleted ? user.displayName : null,
      explanation: v.explanation,
      status: String(v.snapshot.status ?? ''),
      progress: Number(v.snapshot.progress ?? 0),
      snapshot: v.snapshot as ActionSnapshot,
    };
  });
}

/** Versions the action's page shows in its timeline. */
export const TIMELINE_SHOWN = 8;

/**
 * An action as its page and the API show it in a language, to readers who see members-only
 * content of its partnership (`membersOnly`) or not: related meetings and evidence posts by
 * meetings' and news' own rules for that audience.
 */
export async function presentAction(
  ctx: ModuleContext,
  action: q.Action,
  lang: string,
  membersOnly: boolean,
  now: Date,
): Promise<ActionDetail & { id: number }> {
  const audience = audienceOfFlag(action.partnershipId, membersOnly);
  const [[summary], children, versions, merged, decisions] = await Promise.all([
    presentActions(ctx, [action], lang),
    q.childrenOf(ctx.db, action.id),
    q.versionsOf(ctx.db, action.id, TIMELINE_SHOWN),
    q.mergedInto(ctx.db, action.id, membersOnly),
    decisionsNamingAction(ctx.db, action.id, audience),
  ]);
  const postIds = children.deliverables.flatMap((d) => (d.evidence_post_id === null ? [] : [d.evidence_post_id]));
  const [posts, slugs, history, files] = await Promise.all([
    postContentType.describe(ctx, postIds, audience, lang, now),
    partnershipSlugsByIds(
      ctx.db,
      decisions.map((d) => d.partnershipId),
    ),
    presentVersions(ctx, versions),
    evidenceFilesOf(ctx.db, action.id),
  ]);
  return {
    ...summary!,
    id: action.id,
    description: action.description,
    html: renderMarkdown(action.description),
    supportNeeded: action.supportNeeded,
    mergedFrom: merged,
    activities: children.activities.map((a) => ({
      title: a.title,
      status: a.status,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
    })),
    deliverables: children.deliverables.map((d) => {
      const post = d.evidence_post_id === null ? undefined : posts.get(d.evidence_post_id);
      const file = d.evidence_file_id === null ? undefined : files.get(d.evidence_file_id);
      return {
        title: d.title,
        type: d.type,
        dueOn: d.due_on,
        status: d.status,
        weight: Number(d.weight),
        evidence: file
          ? {
              kind: 'file' as const,
              id: file.id,
              name: file.name,
              type: file.media_type,
              size: Number(file.size),
              path: evidenceFilePath(summary!.partnership, action.number, { ...file, type: file.media_type }),
            }
          : post
            ? { kind: 'post' as const, title: post.title, path: post.path }
            : d.evidence_url
              ? { kind: 'link' as const, url: d.evidence_url }
              : null,
      };
    }),
    challenges: children.challenges.map((c) => ({
      description: c.description,
      impact: c.impact,
      mitigation: c.mitigation,
      status: c.status,
      raisedOn: c.raised_on,
      resolvedOn: c.resolved_on,
    })),
    history: history.map(({ snapshot: _s, ...line }) => line),
    decisions: decisions.map((d): Decision => ({
      meeting: d.number,
      meetingTitle: d.title,
      startsAt: d.startsAt,
      text: d.text,
      path: `/partnerships/${slugs.get(d.partnershipId) ?? ''}/meetings/${d.number}`,
    })),
  };
}
