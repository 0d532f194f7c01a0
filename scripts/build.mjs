#!/usr/bin/env node
// `npm run build` (also run by `npm install` and `npm ci`, as `prepare`): compiles src/ to
// plain JavaScript in dist/, file by file with esbuild (not bundled: dist/ mirrors src/), and
// copies the message catalogs (locales/*.json) next to the compiled modules, which read them
// through `new URL('./locales/', import.meta.url)`. Tests are not compiled.
//
// bin/urbis.mjs then starts from dist/ with plain Node, without loading tsx, as long as src/
// is unchanged since the build (see scripts/source-stamp.mjs); otherwise it runs src/ through
// tsx as before. So dist/ is only ever a faster way to run exactly what is in src/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  await build({
    entryPoints: code.map((file) => path.join(SRC, file)),
    outdir: NEXT,
    outbase: SRC,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    // Maps are written but Node only reads them with --enable-source-maps (stack traces in src/).
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
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
