import Type from 'typebox';
import { Id } from '../../core/http/validation.js';
import {
  ACTION_STATUSES,
  CHALLENGE_STATUSES,
  DELIVERABLE_TYPES,
  IMPACTS,
  PROGRESS_MODES,
  WORK_STATUSES,
} from './actions.tables.js';
import { BasedOnVersion } from './actions.edit.schema.js';
import './actions.tables.js';

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const SORTS = ['number', 'status', 'progress', 'end'] as const;
export type Sort = (typeof SORTS)[number];

/** One of a list of words (an `enum` of strings), typed as the union of them. */
const oneOf = <T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
const PlanDate = Type.Union([Type.String({ format: 'date' }), Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const OrganisationRef = Type.Object({
  slug: Type.String(),
  name: Type.String({ description: 'In the reader’s language for member states.' }),
});
const TagRef = Type.Object({ slug: Type.String(), label: Type.String(), lang: Type.String() });
const ThemeRef = Type.Object({ position: Type.Integer(), title: Type.String() });

export const ActionSummary = Type.Object({
  number: Type.Integer({ description: 'Its number in the partnership’s plan (Action 4: 4).' }),
  partnership: Type.String({ description: 'Slug of the partnership.' }),
  title: Type.String(),
  lang: Type.String({ description: 'Language of title and description.' }),
  theme: Type.Union([ThemeRef, Type.Null()]),
  status: oneOf(ACTION_STATUSES),
  mergedInto: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The number of the action it was merged into (status `merged`), or null.',
  }),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  progressMode: oneOf(PROGRESS_MODES, {
    description: '`manual`: set by hand; `deliverables`: the completed share of its deliverables’ weights.',
  }),
  startsOn: PlanDate,
  endsOn: PlanDate,
  membersOnly: Type.Boolean(),
  leads: Type.Array(OrganisationRef),
  contributors: Type.Array(OrganisationRef),
  tags: Type.Array(TagRef),
});
export type ActionSummary = Type.Static<typeof ActionSummary>;

export const ActionPlan = Type.Object({
  themes: Type.Array(ThemeRef, { description: 'The plan’s themes, in order.' }),
  items: Type.Array(ActionSummary, { description: 'The actions the filters keep, in the order asked for.' }),
  ignored: Type.Array(Type.String(), {
    description: 'Filters that named nothing in this plan (`theme`, `lead`, `tag`) and were left out.',
  }),
});
export type ActionPlan = Type.Static<typeof ActionPlan>;

export const Activity = Type.Object({
  title: Type.String(),
  status: oneOf(WORK_STATUSES),
  startsOn: PlanDate,
  endsOn: PlanDate,
});
export const Deliverable = Type.Object({
  title: Type.String(),
  type: oneOf(DELIVERABLE_TYPES),
  dueOn: PlanDate,
  status: oneOf(WORK_STATUSES),
  weight: Type.Integer(),
  evidence: Type.Union(
    [
      Type.Object({ kind: Type.Literal('link'), url: Type.String() }),
      Type.Object({ kind: Type.Literal('post'), title: Type.String(), path: Type.String() }),
      Type.Object({
        kind: Type.Literal('file'),
        id: Type.Integer({ description: 'The file, as `evidence_file` names it in an edit.' }),
        name: Type.String({ description: 'The file’s name as uploaded.' }),
        type: Type.String({ description: 'Its media type, found from its content.' }),
        size: Type.Integer({ description: 'Bytes.' }),
        path: Type.String({
          description: 'Its download, after `/{lang}`; the API’s is `/api/v1` and the path without its last segment.',
        }),
      }),
      Type.Null(),
    ],
    { description: 'A link, a news post the reader may see (`path`: after `/{lang}`), a file of the action, or null.' },
  ),
});
export const Challenge = Type.Object({
  description: Type.String(),
  impact: oneOf(IMPACTS),
  mitigation: Type.String(),
  status: oneOf(CHALLENGE_STATUSES),
  raisedOn: Type.String({ format: 'date' }),
  resolvedOn: PlanDate,
});
export const VersionLine = Type.Object({
  version: Type.Integer(),
  at: Instant,
  by: Type.Union([Type.String(), Type.Null()], { description: 'Who made the change; null: the platform.' }),
  explanation: Type.String(),
  status: Type.String(),
  progress: Type.Integer(),
});
export type VersionLine = Type.Static<typeof VersionLine>;
export const Decision = Type.Object({
  meeting: Type.Integer({ description: 'The meeting’s number in its series.' }),
  meetingTitle: Type.String(),
  startsAt: Instant,
  text: Type.String(),
  path: Type.String({ description: 'The meeting’s page, after `/{lang}`.' }),
});
export type Decision = Type.Static<typeof Decision>;

export const ActionDetail = Type.Object({
  ...ActionSummary.properties,
  id: Type.Integer({ description: 'What a meeting’s decision names the action by (`action`).' }),
  description: Type.String({ description: 'Markdown source.' }),
  html: Type.String({ description: 'The description rendered and sanitised.' }),
  supportNeeded: Type.String({
    description: 'What the action needs from others, as its leads wrote it; empty: nothing.',
  }),
  mergedFrom: Type.Array(Type.Integer(), { description: 'Numbers of the actions merged into this one.' }),
  activities: Type.Array(Activity),
  deliverables: Type.Array(Deliverable),
  challenges: Type.Array(Challenge),
  history: Type.Array(VersionLine, { description: 'The latest versions, newest first (all: `…/history`).' }),
  decisions: Type.Array(Decision, { description: 'Decisions of meetings the reader may see that name this action.' }),
});
export type ActionDetail = Type.Static<typeof ActionDetail>;

const Text = Type.String();
const DateOrNull = Type.Union([Type.String(), Type.Null()]);
/** What a version keeps (actions.service.ts `snapshotOf`): children with their stored column names. */
export const ActionSnapshot = Type.Object(
  {
    number: Type.Integer(),
    title: Text,
    themeId: Type.Union([Type.Integer(), Type.Null()]),
    status: Text,
    mergedInto: Type.Union([Type.Integer(), Type.Null()], { description: 'The number of the action merged into.' }),
    progress: Type.Integer(),
    progressMode: Text,
    startsOn: DateOrNull,
    endsOn: DateOrNull,
    membersOnly: Type.Boolean(),
    supportNeeded: Type.Optional(Text),
    organisations: Type.Array(Type.Object({ organisation_id: Type.Integer(), role: Text })),
    activities: Type.Array(Type.Object({ title: Text, status: Text, starts_on: DateOrNull, ends_on: DateOrNull })),
    deliverables: Type.Array(
      Type.Object({
        title: Text,
        type: Text,
        due_on: DateOrNull,
        status: Text,
        weight: Type.Integer(),
        evidence_url: DateOrNull,
        evidence_post_id: Type.Union([Type.Integer(), Type.Null()]),
        evidence_file: Type.Optional(Type.String({ description: 'The name of the file given as evidence, if any.' })),
      }),
    ),
    challenges: Type.Array(
      Type.Object({
        description: Text,
        impact: Text,
        mitigation: Text,
        status: Text,
        raised_on: Text,
        resolved_on: DateOrNull,
      }),
    ),
  },
  { description: 'The action’s tracked fields and children after the change.' },
);
export type ActionSnapshot = Type.Static<typeof ActionSnapshot>;

export const ActionHistory = Type.Object({
  number: Type.Integer(),
  versions: Type.Array(
    Type.Object({
      ...VersionLine.properties,
      snapshot: ActionSnapshot,
    }),
    { description: 'Every version, newest first.' },
  ),
});
export type ActionHistory = Type.Static<typeof ActionHistory>;

/** The plan's filters; an empty value (the form's "Any") is no filter. */
export const PlanQuery = Type.Object({
  theme: Type.Optional(Type.String({ pattern: '^([0-9]{1,3})?$', description: 'A theme’s position in the plan.' })),
  status: Type.Optional(oneOf(['', ...ACTION_STATUSES] as const)),
  lead: Type.Optional(
    Type.String({ pattern: `^$|${SLUG_PATTERN}`, maxLength: 100, description: 'A lead organisation’s slug.' }),
  ),
  tag: Type.Optional(Type.String({ pattern: `^$|${SLUG_PATTERN}`, maxLength: 100, description: 'A tag’s slug.' })),
  sort: Type.Optional(oneOf(SORTS, { description: 'Order within each theme; `number` if left out.' })),
});
export type PlanQuery = Type.Static<typeof PlanQuery>;

export const PartnershipParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});
export const ActionParams = Type.Object({
  ...PartnershipParams.properties,
  number: Id({ description: 'The action’s number in the plan' }),
});

const DateField = Type.Union([Type.String({ format: 'date' }), Type.Literal(''), Type.Null()]);
/** An update of an action (its form and the API's `POST …/actions/{number}`): a field left out stays. */
export const ActionUpdate = Type.Object({
  status: oneOf(ACTION_STATUSES, { description: 'Required. `merged` only for an action merged already.' }),
  progress: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100,
      description: 'Whole percent; ignored when the progress is worked out from the deliverables.',
    }),
  ),
  starts_on: Type.Optional(DateField),
  ends_on: Type.Optional(DateField),
  explanation: Type.Optional(Type.String({ maxLength: 2000, description: 'Why: kept on the version.' })),
  version: BasedOnVersion,
  deliverables: Type.Optional(
    Type.Array(
      Type.Object({
        status: Type.Optional(oneOf(WORK_STATUSES)),
        due_on: Type.Optional(DateField),
      }),
      { description: 'Each deliverable’s status and due date, in the order the action lists them.' },
    ),
  ),
});
