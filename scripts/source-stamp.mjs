// What dist/ was built from: a fingerprint of every file `npm run build` reads (each file's
// path, size and modification time; about 2 ms for the whole tree). The build writes it to
// dist/.source-stamp; bin/urbis.mjs runs dist/ only while src/ still has the same one, so that
// an edit, a new file, a deleted file or a checkout falls back to the TypeScript in src/.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const STAMP_FILE = '.source-stamp';

/** The files of src/ that the build compiles or copies: code without tests, and catalogs. */
export function isBuildInput(relative) {
  if (/\.test\.tsx?$/.test(relative) || relative.endsWith('.d.ts')) return false;
  if (/\.tsx?$/.test(relative)) return true;
  return /(^|\/)locales\/[^/]+\.json$/.test(relative);
}

/** Every build input under `<root>/src`, as paths relative to it with `/`, sorted. */
export function buildInputs(root) {
  const src = path.join(root, 'src');
  const found = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${relative}/`);
      else if (entry.isFile() && isBuildInput(relative)) found.push(relative);
    }
  };
  walk(src, '');
  return found.sort();
}

/** The fingerprint of src/ (and of what decides how it compiles) as it is now. */
export function sourceStamp(root) {
  const hash = createHash('sha256');
  const add = (file) => {
    const stat = statSync(path.join(root, file));
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const file of buildInputs(root)) add(`src/${file}`);
  for (const file of ['tsconfig.json', 'scripts/build.mjs']) add(file);
  return hash.digest('hex');
}
