#!/usr/bin/env node
// `npm run build` (also run by `npm install` and `npm ci`, as `prepare`): compiles src/ to
// plain JavaScript in dist/, file by file with esbuild (not bundled: dist/ mirrors src/), and
// copies the message catalogs (locales/*.json) next to the compiled modules, which read them
// through `new URL('./locales/', import.meta.url)`. (Tests are compiled apart, for each run: test-build.mjs.)
//
// bin/urbis.mjs then starts from dist/ with plain Node, without loading tsx, as long as src/
// is unchanged since the build (see scripts/source-stamp.mjs); otherwise it runs src/ through
// tsx as before. So dist/ is only ever a faster way to run exactly what is in src/.
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFiles } from './compile.mjs';
import { buildInputs, sourceStamp, STAMP_FILE } from './source-stamp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
// Built beside dist/ and swapped in at the end: a failed or interrupted build leaves no
// half-built dist/ (and without dist/ the command simply runs src/).
const NEXT = path.join(ROOT, `dist.building-${process.pid}`);

const started = performance.now();
// Taken before reading anything: a file changed while the build runs makes dist/ stale.
const stamp = sourceStamp(ROOT);
const inputs = buildInputs(ROOT);
const code = inputs.filter((file) => /\.tsx?$/.test(file));
const catalogs = inputs.filter((file) => file.endsWith('.json'));

rmSync(NEXT, { recursive: true, force: true });
try {
  await compileFiles(
    ROOT,
    code.map((file) => path.join(SRC, file)),
    SRC,
    NEXT,
  );
  for (const file of catalogs) {
    mkdirSync(path.dirname(path.join(NEXT, file)), { recursive: true });
    copyFileSync(path.join(SRC, file), path.join(NEXT, file));
  }
  writeFileSync(path.join(NEXT, STAMP_FILE), stamp);
  rmSync(DIST, { recursive: true, force: true });
  renameSync(NEXT, DIST);
} catch (error) {
  rmSync(NEXT, { recursive: true, force: true });
  throw error;
}
console.log(
  `Built dist/ from src/: ${code.length} modules, ${catalogs.length} catalogs, ` +
    `in ${Math.round(performance.now() - started)} ms.`,
);
