import { badParameter, toId } from './validation.js';

/** A keyset cursor on a time and an id: the last item of a page, for the next page of a list newest first. */
export interface TimeCursor {
  /** Milliseconds since the epoch. */
  at: number;
  id: number;
}

// Dates a cursor may name: from 1970 to the year 9999 (what an ISO-8601 string can hold).
const LATEST = Date.UTC(9999, 11, 31);

/** `<ms>.<id>`, as it goes into `?after=`. */
export const encodeTimeCursor = (cursor: TimeCursor): string => `${cursor.at}.${cursor.id}`;

/**
 * The cursor in `?after=` (`name`), or undefined (the first page) when there is none. One that is
 * not a cursor this site gives (not `<ms>.<id>`, a time beyond the year 9999, an id out of range)
 * is a 400 naming the parameter, not a first page nor a database error.
 */
export function decodeTimeCursor(raw: string | undefined, name = 'after'): TimeCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d{1,16})\.(\d{1,12})$/.exec(raw);
  const at = match ? Number(match[1]) : NaN;
  const id = match ? toId(match[2]) : null;
  if (!(at <= LATEST) || id === null || Number.isNaN(new Date(at).getTime())) throw badParameter(name);
  return { at, id };
}
