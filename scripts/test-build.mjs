// Compiles src/ and test/ once, for one run of the tests, into a folder that stands for the
// project: every .ts/.tsx file becomes a .js file beside where it was (esbuild, file by file, not
// bundled), every other file of src/ and test/ (catalogs, corpora, fixtures, and the .ts sources
// themselves, which some tests read) is copied, and every other entry of the project's root
// (node_modules, public, bin, package.json, …) is a symbolic link to the real one. A path a test
// builds from `import.meta.url` therefore leads where it would from the sources.
//
// Why: run through tsx, each test file (a process of its own) spent a second or two of CPU
// having its modules compiled and resolved by tsx's hooks, in a thread beside it, before it ran
// a test; the suite has some 170 files. Compiled once, the run loads plain JavaScript.
import { compileFiles } from './compile.mjs';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const COMPILED = /\.tsx?$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/** Every file under `dir` (node_modules aside), relative to `root`. */
export function filesUnder(root, dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (entry.isFile()) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/**
 * Makes the compiled stand-in of the project at `root` in `out` (an empty or missing folder), for
 * the folders `compiled` (compiled and copied) and links to everything else at the root.
 * Returns how many modules it compiled.
 */
export async function buildTestTree(root, out, compiled = ['src', 'test']) {
  mkdirSync(out, { recursive: true });
  const files = compiled.flatMap((dir) => filesUnder(root, dir));
  const code = files.filter((f) => COMPILED.test(f) && !DECLARATION.test(f));
  // Stack traces of a failing test point into the compiled files: run with --enable-source-maps to see the
  // sources' lines instead.
  await compileFiles(
    root,
    code.map((f) => path.join(root, f)),
    root,
    out,
  );
  for (const file of files) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(out, file));
  }
  for (const entry of readdirSync(root)) {
    if (compiled.includes(entry) || entry === '.git') continue;
    symlinkSync(path.join(root, entry), path.join(out, entry));
  }
  return code.length;
}
