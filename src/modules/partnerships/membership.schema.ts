import Type from 'typebox';
import { Id, Line } from '../../core/http/validation.js';
import { PERSON_ROLES, SLUG_PATTERN } from './partnerships.schema.js';

/** A person's handle as the accounts module makes them (lower-case letters, digits, hyphens). */
export const HANDLE = '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$';

/** The longest personal message of an invitation, and of a request to join. */
export const MESSAGE_LIMIT = 1000;
/** The most role changes one save may carry (a partnership has a few dozen people). */
export const CHANGES_LIMIT = 500;

const Role = Type.Enum(PERSON_ROLES);

/** The filters of the coordinators' table of people: a role, and part of a name. */
export const ManageQuery = Type.Object({
  role: Type.Optional(Type.Union([Type.Literal(''), Role], { description: 'Only the people with this role.' })),
  q: Type.Optional(
    Line({ maxLength: 100, description: 'Only the people whose name contains this (any case and accents).' }),
  ),
});
export type ManageQuery = Type.Static<typeof ManageQuery>;

export const ManagedPerson = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  organisations: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }), {
    description: 'The organisations the person works for, whose affiliation is confirmed.',
  }),
  role: Role,
  joinedAt: Type.String({ format: 'date-time' }),
});
export type ManagedPerson = Type.Static<typeof ManagedPerson>;

export const PendingRequest = Type.Object({
  id: Id(),
  handle: Type.String(),
  displayName: Type.String(),
  message: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type PendingRequest = Type.Static<typeof PendingRequest>;

export const PendingInvitation = Type.Object({
  id: Id(),
  email: Type.String(),
  role: Role,
  message: Type.String(),
  invitedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'Who sent it (their name), if their account still exists.',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PendingInvitation = Type.Static<typeof PendingInvitation>;

/** What the coordinators manage: the people (filtered), the requests waiting and the pending invitations. */
export const ManageJson = Type.Object({
  people: Type.Array(ManagedPerson),
  total: Type.Integer({ description: 'How many people the partnership has (before the filters).' }),
  requests: Type.Array(PendingRequest),
  invitations: Type.Array(PendingInvitation),
});
export type ManageJson = Type.Static<typeof ManageJson>;

export const ManageParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }) });
export const RequestParams = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
  id: Id(),
});

/**
 * One save of the table: each change says the role the coordinator saw (`from`), so that a change
 * made meanwhile is not overwritten.
 */
export const RoleChanges = Type.Object({
  changes: Type.Array(
    Type.Object({
      handle: Type.String({ pattern: HANDLE, maxLength: 40 }),
      from: Role,
      to: Type.Union([Role, Type.Literal('removed')], {
        description: 'The new role, or `removed` to take the person out.',
      }),
    }),
    { maxItems: CHANGES_LIMIT },
  ),
});
export type RoleChanges = Type.Static<typeof RoleChanges>;

export const SavedJson = Type.Object({
  changed: Type.Integer({ description: 'Roles changed.' }),
  removed: Type.Integer({ description: 'People taken out.' }),
});

export const DecisionForm = Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]) });
export const DecisionJson = Type.Object({ status: Type.Union([Type.Literal('approved'), Type.Literal('refused')]) });

export const InvitationForm = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: Role,
  message: Type.Optional(
    Type.String({
      maxLength: MESSAGE_LIMIT,
      description: 'A personal message, in the mail and on the invitation’s page.',
    }),
  ),
});
export type InvitationForm = Type.Static<typeof InvitationForm>;

export const JoinJson = Type.Object({
  status: Type.Union([Type.Literal('asked'), Type.Literal('already')], {
    description: '`asked`: the coordinators were told; `already`: a request is waiting, or the person is a member.',
  }),
});
export const JoinBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: MESSAGE_LIMIT })) });
export const LeftJson = Type.Object({ left: Type.Literal(true) });
