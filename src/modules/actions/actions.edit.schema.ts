import Type from 'typebox';
import { Line } from '../../core/http/validation.js';
import { EDIT_LIMITS } from './actions.edit.js';
import {
  ACTION_STATUSES,
  CHALLENGE_STATUSES,
  DELIVERABLE_TYPES,
  IMPACTS,
  ORGANISATION_ROLES,
  PROGRESS_MODES,
  WORK_STATUSES,
} from './actions.tables.js';

// What the API's writes of a whole action take (`POST …/actions`, `PUT`/`PATCH …/actions/{number}`):
// documentation for the OpenAPI document; the handler checks the body itself (actions.edit.ts), so
// that every problem is named at its pointer in the reader's words.

const oneOf = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const PlanDate = Type.Union([Type.String({ format: 'date' }), Type.Literal(''), Type.Null()]);
const rows = <T extends ReturnType<typeof Type.Object>>(item: T, description: string) =>
  Type.Optional(Type.Array(item, { maxItems: EDIT_LIMITS.rows, description }));

const fields = {
  title: Line({ minLength: 1, maxLength: EDIT_LIMITS.title }),
  description: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.description, description: 'Markdown.' })),
  theme: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'A theme of the plan by its position.' }),
  ),
  members_only: Type.Optional(Type.Boolean()),
  tags: Type.Optional(
    Type.Array(Type.String({ maxLength: EDIT_LIMITS.tag }), { description: 'They replace its tags.' }),
  ),
  support_needed: Type.Optional(
    Type.String({ maxLength: EDIT_LIMITS.support_needed, description: 'What the action needs from others.' }),
  ),
  status: Type.Optional(oneOf(ACTION_STATUSES, '`merged` only for an action merged already (merging: `…/merge`).')),
  progress_mode: Type.Optional(
    oneOf(PROGRESS_MODES, '`deliverables` needs at least one deliverable with a weight that is not cancelled.'),
  ),
  progress: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 100, description: 'Ignored when worked out from the deliverables.' }),
  ),
  starts_on: Type.Optional(PlanDate),
  ends_on: Type.Optional(PlanDate),
  explanation: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.explanation, description: 'Kept on the version.' })),
  organisations: rows(
    Type.Object({
      organisation: Type.String({ description: 'Slug in the directory.' }),
      role: oneOf(ORGANISATION_ROLES),
    }),
    'Lead and contributing organisations, at least one lead, each once.',
  ),
  activities: rows(
    Type.Object({
      title: Type.String({ maxLength: EDIT_LIMITS.rowTitle }),
      status: Type.Optional(oneOf(WORK_STATUSES)),
      starts_on: Type.Optional(PlanDate),
      ends_on: Type.Optional(PlanDate),
    }),
    'Key activities, in order.',
  ),
  deliverables: rows(
    Type.Object({
      title: Type.String({ maxLength: EDIT_LIMITS.rowTitle }),
      type: Type.Optional(oneOf(DELIVERABLE_TYPES)),
      due_on: Type.Optional(PlanDate),
      status: Type.Optional(oneOf(WORK_STATUSES)),
      weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
      evidence_url: Type.Optional(Type.Union([Type.String({ maxLength: EDIT_LIMITS.url }), Type.Null()])),
      evidence_post: Type.Optional(
        Type.Union([Type.Integer(), Type.Null()], {
          description: 'A news post of the partnership that the writer may see, by its id (or a link, not both).',
        }),
      ),
      evidence_file: Type.Optional(
        Type.Union([Type.Integer(), Type.Null()], {
          description:
            'A file of the action kept as evidence, by its `id` (from the action’s JSON); left out or null, the ' +
            'deliverable has none. A file is added with `POST …/deliverables/{index}/evidence` (multipart).',
        }),
      ),
    }),
    'Deliverables, in order; their due dates within the action’s.',
  ),
  challenges: rows(
    Type.Object({
      description: Type.String({ maxLength: EDIT_LIMITS.rowText }),
      impact: Type.Optional(oneOf(IMPACTS)),
      mitigation: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.rowText })),
      status: Type.Optional(oneOf(CHALLENGE_STATUSES)),
      raised_on: Type.String({ format: 'date' }),
      resolved_on: Type.Optional(PlanDate),
    }),
    'Challenges, in order.',
  ),
};

/** A new action (`POST …/actions`): a title and at least one lead organisation; the rest may follow. */
export const ActionNew = Type.Object({
  ...fields,
  lang: Type.Optional(
    Type.String({ description: 'The language of its title and description; the request’s if left out.' }),
  ),
});

/** The version a change is made from: an edit's and an update's optional `version`. */
export const BasedOnVersion = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: 2_147_483_647,
    description:
      'The version the change is made from (`versions` of the action): when the action has a later one, the ' +
      'change is refused with a 409 and nothing is saved. Left out, the change is not checked against others.',
  }),
);

/**
 * An action's edit (`PUT`/`PATCH …/actions/{number}`): a list sent replaces the action's whole list;
 * `PATCH` leaves what is left out as it is, `PUT` needs the action's own fields (title, status, progress mode).
 */
export const ActionEdit = Type.Object({
  ...fields,
  title: Type.Optional(fields.title),
  version: BasedOnVersion,
});
