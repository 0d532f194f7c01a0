import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The jar shipped by the `vnu-jar` package (its main export is the jar's path). */
export const VNU_JAR: string = String(require('vnu-jar'));

export interface VnuMessage {
  type: string;
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
}

/** A message as one line: where, what, and the markup around it. */
export function formatVnuMessage(m: VnuMessage): string {
  const where =
    m.lastLine !== undefined ? `line ${m.lastLine}${m.lastColumn !== undefined ? `:${m.lastColumn}` : ''}` : 'document';
  return `${where}: ${m.message}${m.extract ? ` [${m.extract.replace(/\s+/g, ' ').trim()}]` : ''}`;
}

/**
 * Checks many HTML documents with the Nu HTML checker in one JVM (it takes about two
 * seconds to start) and returns the errors of each, by the name it was given; a valid
 * document has an empty list. Warnings are not reported.
 */
export async function checkHtml(documents: Record<string, string>): Promise<Record<string, VnuMessage[]>> {
  const names = Object.keys(documents);
  const result: Record<string, VnuMessage[]> = Object.fromEntries(names.map((name) => [name, []]));
  if (names.length === 0) return result;
  const dir = mkdtempSync(path.join(tmpdir(), 'urbis-vnu-'));
  try {
    const byUrl = new Map<string, string>();
    const files = names.map((name, i) => {
      const file = path.join(dir, `${i}.html`);
      writeFileSync(file, documents[name]!);
      byUrl.set(pathToFileURL(file).href, name);
      return file;
    });
    const output = await new Promise<string>((resolve, reject) => {
      // The checker exits with 1 when it found errors: read the report either way.
      execFile(
        'java',
        ['-jar', VNU_JAR, '--format', 'json', '--errors-only', ...files],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const report = `${stdout}${stderr}`.trim();
          if (report.startsWith('{')) resolve(report);
          else reject(new Error(`the Nu HTML checker did not run (${error?.message ?? 'no report'}):\n${report}`));
        },
      );
    });
    const report = JSON.parse(output) as { messages: (VnuMessage & { url?: string })[] };
    for (const { url, ...message } of report.messages) {
      // The checker writes file URLs as `file:/tmp/…`; compare by path.
      const name = url ? byUrl.get(pathToFileURL(new URL(url).pathname).href) : undefined;
      if (name === undefined)
        throw new Error(
          `the Nu HTML checker reported on an unknown document: ${formatVnuMessage(message)} (${url ?? 'no url'})`,
        );
      if (message.type === 'error' || message.subType === 'fatal' || message.type === 'non-document-error')
        result[name]!.push(message);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
