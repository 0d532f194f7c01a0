// How src/ (and, for the tests, test/) is compiled to JavaScript: file by file with esbuild, not bundled, so
// that the output mirrors the sources. Used by build.mjs (src/ → dist/) and test-build.mjs (the tests' tree).
import { build } from 'esbuild';
import path from 'node:path';

/** Compiles `files` (absolute paths under `base`) into `outdir`, each where it was under `base`. */
export async function compileFiles(root, files, base, outdir) {
  await build({
    entryPoints: files,
    outdir,
    outbase: base,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(root, 'tsconfig.json'),
    // Maps are written but Node only reads them with --enable-source-maps (stack traces in the sources).
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
}
