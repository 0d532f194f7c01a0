/** Who is making a request. A visitor is anonymous; a user is signed in. */
export type Actor = Visitor | SignedIn;

/** Someone who is not signed in. */
export interface Visitor {
  kind: 'visitor';
}

/** A signed-in person (with a session, or a personal access token on the API). */
export interface SignedIn {
  kind: 'user';
  id: number;
  handle: string;
  displayName: string;
  /** Platform administrator (global role). */
  isAdmin: boolean;
  /** The user's interface language, if they chose one. */
  locale: string | null;
  /**
   * The IANA time zone they chose for "your time" beside a meeting's own (null or absent: the
   * platform's), read with the person's row on every request.
   */
  timeZone?: string | null;
}

export const VISITOR: Visitor = { kind: 'visitor' };

export function isSignedIn(actor: Actor): actor is SignedIn {
  return actor.kind === 'user';
}
