import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { postContentType } from '../../news/index.js';
import { findOrganisationsByIds, organisationDisplayName } from '../../organisations/index.js';
import { hubTabs } from '../../partnerships/index.js';
import { compareSnapshots, normalSnapshot } from '../actions.compare.js';
import { ActionComparison, CompareQuery } from '../actions.compare.schema.js';
import { readableAction } from '../actions.lookup.js';
import { audienceIn } from '../actions.policy.js';
import { themesOf } from '../actions.queries.js';
import { actionReads } from '../actions.reads.js';
import { ActionParams } from '../actions.schema.js';
import { ComparePage } from '../views/ComparePage.js';

/**
 * Two versions of an action side by side (`?from=&to=`, the two latest when left out; in either
 * order): a version the action does not have is a 404, a value that is not a version number a 400.
 */
export function compareRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/actions/:number/history/compare',
    policy: anyone,
    summary: 'Two versions of an action side by side: each field, organisation, activity, deliverable and challenge',
    tag: 'actions',
    params: ActionParams,
    querystring: CompareQuery,
    response: ActionComparison,
    load: async ({ params, query, request }) => {
      const got = await readableAction(ctx, request, params.slug, params.number);
      if (!got) return null;
      const versions = await actionReads.history.get(ctx, { action: got.action.id });
      const latest = versions[0]?.version;
      if (latest === undefined) return null;
      const to = query.to ?? (query.from === undefined ? latest : Math.min(latest, query.from + 1));
      const from = query.from ?? Math.max(1, to - 1);
      const [older, newer] = from <= to ? [from, to] : [to, from];
      const a = versions.find((v) => v.version === older);
      const b = versions.find((v) => v.version === newer);
      if (!a || !b) return null;
      const compared = compareSnapshots(normalSnapshot(a.snapshot), normalSnapshot(b.snapshot));
      const orgs = await findOrganisationsByIds(
        ctx.db,
        compared.organisations.map((o) => o.organisationId),
      );
      const meta = ({ version, at, by, explanation }: (typeof versions)[number]) => ({ version, at, by, explanation });
      return {
        number: got.action.number,
        from: meta(a),
        to: meta(b),
        changes: compared.changes,
        fields: compared.fields,
        organisations: compared.organisations.map(({ organisationId, ...row }) => {
          const org = orgs.get(organisationId);
          return {
            organisation: org ? { slug: org.slug, name: organisationDisplayName(org, request.locale) } : null,
            ...row,
          };
        }),
        activities: compared.activities,
        deliverables: compared.deliverables,
        challenges: compared.challenges,
        got,
        choices: versions.map(meta),
      };
    },
    prepare: async ({ got, deliverables }, page) => {
      // Themes by id, and evidence posts as this reader may see them (news' rule): the page only.
      const postIds = deliverables.flatMap((d) =>
        [d.before?.evidence_post_id, d.after?.evidence_post_id].filter((id): id is number => typeof id === 'number'),
      );
      const audience = audienceIn(got.found.standing, got.action.partnershipId);
      const [themes, posts] = await Promise.all([
        themesOf(ctx.db, got.action.partnershipId),
        postContentType.describe(ctx, [...new Set(postIds)], audience, page.locale, new Date()),
      ]);
      return { themes: new Map(themes.map((t) => [t.id, t.title])), posts };
    },
    render: ({ got, choices, ...comparison }, page, _request, named) =>
      ComparePage({
        page,
        view: {
          partnership: got.found.partnership,
          tabs: hubTabs(ctx),
          title: got.action.title,
          comparison,
          choices,
          ...named,
        },
      }),
  });
}
