// CSV files (RFC 4180) as spreadsheets read and write them: the writer that downloads use, and the
// reader of imports. Cells a spreadsheet would run as a formula are guarded with an apostrophe on
// the way out, and the guard is taken off on the way in, so a file goes out and back unchanged.

/** A cell a spreadsheet would take for a formula (after any apostrophes the guard added before). */
const FORMULA = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * A cell of a CSV file: quoted when it holds a comma, quote or line break; a cell that
 * a spreadsheet would take for a formula (starting with = + - @, a tab or a carriage return, after
 * any apostrophes) gets one apostrophe more in front, which `unguardCell` takes off again.
 */
export function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell as written before `csvCell` guarded it: one leading apostrophe less before a formula's character. */
export const unguardCell = (cell: string): string => (GUARDED.test(cell) ? cell.slice(1) : cell);

/** Rows as a CSV file: UTF-8 with a byte order mark (spreadsheets then read the names right), CRLF line ends. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Why a file is not CSV, and where: `line` and `record` count from 1 (the header is record 1). */
export interface CsvProblem {
  reason: 'encoding' | 'nul' | 'unclosedQuote' | 'strayQuote' | 'empty';
  record: number;
  line: number;
}

export type ParsedCsv = { ok: true; records: string[][]; separator: ',' | ';' } | { ok: false; problem: CsvProblem };

/**
 * Reads a CSV file's bytes: UTF-8 (a byte order mark is skipped; anything that is not UTF-8 is a
 * problem, as is a NUL), records separated by CRLF or LF, cells by commas, or by semicolons when
 * the first line has semicolons and no comma (a spreadsheet saving in a language that writes
 * decimal commas). A quoted cell may hold separators, line breaks and doubled quotes; a quote
 * inside an unquoted cell, or after a closing one, or a quote never closed, is a problem naming
 * its record and line. Blank lines are skipped. Cells come as they were written (`unguardCell`
 * is the caller's, per column).
 */
export function parseCsv(bytes: Uint8Array): ParsedCsv {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, problem: { reason: 'encoding', record: 0, line: lineOfBadByte(bytes) } };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { ok: false, problem: { reason: 'nul', record: 0, line: lineAt(text, nul) } };
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  const problem = (reason: CsvProblem['reason'], at = line): ParsedCsv => ({
    ok: false,
    problem: { reason, record: records.length + 1, line: at },
  });
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  const endRecord = () => {
    const blank = record.length === 0 && cell === '' && !quoted;
    endCell();
    quoted = false;
    if (!blank) records.push(record);
    record = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      if (cell !== '' || quoted) return problem('strayQuote');
      quoted = true;
      const opened = line;
      for (i++; ; i++) {
        if (i >= text.length) return problem('unclosedQuote', opened);
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        } else if (text[i] === '\n') line++;
        cell += text[i];
      }
      i++;
      const next = text[i];
      if (next !== undefined && next !== separator && next !== '\n' && next !== '\r') return problem('strayQuote');
    } else if (c === separator) {
      endCell();
      quoted = false;
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      if (quoted) return problem('strayQuote');
      cell += c;
      i++;
    }
  }
  if (cell !== '' || quoted || record.length > 0) endRecord();
  if (records.length === 0) return { ok: false, problem: { reason: 'empty', record: 1, line: 1 } };
  return { ok: true, records, separator };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of the first byte that is not UTF-8 (a line feed byte is never inside a UTF-8 character). */
function lineOfBadByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; ; line++) {
    const lf = bytes.indexOf(10, start);
    const stop = lf < 0 ? bytes.length : lf;
    try {
      decoder.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    if (lf < 0) return line;
    start = lf + 1;
  }
}
