/** Who is making a request. A visitor is anonymous; a user is signed in. */
export type Actor =
  | { kind: 'visitor' }
  | {
      kind: 'user';
      id: number;
      handle: string;
      displayName: string;
      /** Platform administrator (global role). */
      isAdmin: boolean;
      /** The user's interface language, if they chose one. */
      locale: string | null;
    };

export const VISITOR: Actor = { kind: 'visitor' };

export function isSignedIn(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user';
}
