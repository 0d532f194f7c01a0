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

/** The cursor in `?after=`, or undefined (the first page) when there is none or it is not one. */
export function decodeTimeCursor(raw: string | undefined): TimeCursor | undefined {
  if (!raw) return undefined;
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(raw);
  if (!match) return undefined;
  const at = Number(match[1]);
  const id = Number(match[2]);
  return at <= LATEST && Number.isSafeInteger(id) ? { at, id } : undefined;
}
