#!/usr/bin/env node
// The `urbis` command. Runs the JavaScript that `npm run build` compiled into dist/ (plain
// Node: starts in about half the time) when dist/ was built from src/ as it is now; otherwise
// (no build yet, or src/ edited since) loads the TypeScript in src/ through tsx, so that an
// edit never runs stale code. URBIS_FROM_SOURCE=1 always runs src/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceStamp, STAMP_FILE } from '../scripts/source-stamp.mjs';

function builtFromCurrentSource() {
  if (process.env.URBIS_FROM_SOURCE === '1') return false;
  try {
    const built = readFileSync(new URL(`../dist/${STAMP_FILE}`, import.meta.url), 'utf8');
    return built === sourceStamp(fileURLToPath(new URL('..', import.meta.url)));
  } catch {
    return false;
  }
}

if (builtFromCurrentSource()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
