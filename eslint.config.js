import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * Calls `check(target, node)` for every import, re-export and literal `import()` of a file, with the
 * target resolved to a path relative to the repository (with `/`); packages and `node:` are skipped.
 */
function eachRelativeImport(context, check) {
  const from = path.dirname(context.filename);
  const visit = (node, source) => {
    if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
    const target = path.relative(ROOT, path.resolve(from, source.value)).split(path.sep).join('/');
    check(target, source);
  };
  return {
    ImportDeclaration: (node) => visit(node, node.source),
    ExportNamedDeclaration: (node) => visit(node, node.source),
    ExportAllDeclaration: (node) => visit(node, node.source),
    ImportExpression: (node) => visit(node, node.source),
    TSImportType: (node) => visit(node, node.argument?.literal ?? node.argument),
  };
}

// Rules of the code's layout that no stock rule says.
const urbis = {
  rules: {
    'no-test-code': {
      meta: {
        type: 'problem',
        docs: { description: 'Code that runs (src/ but its tests) imports no test code: it is built into dist/.' },
        messages: { test: 'Only tests import test code ({{target}}); code under src/ is built into dist/.' },
        schema: [],
      },
      create: (context) =>
        eachRelativeImport(context, (target, node) => {
          if (target.startsWith('test/') || /\.test\.[jt]sx?$/.test(target)) {
            context.report({ node, messageId: 'test', data: { target } });
          }
        }),
    },
    'module-through-index': {
      meta: {
        type: 'problem',
        docs: {
          description: "A module is entered only through its index.ts: other modules import only '../<b>/index.js'.",
        },
        messages: {
          inside:
            "{{target}} is inside the {{module}} module: other modules enter it only through '{{module}}/index.js' " +
            '(export what they need there; tests take internals from test/support/).',
        },
        schema: [],
      },
      create(context) {
        const own = /^src\/modules\/([^/]+)\//.exec(
          path.relative(ROOT, context.filename).split(path.sep).join('/'),
        )?.[1];
        if (!own) return {};
        return eachRelativeImport(context, (target, node) => {
          const [, module, rest] = /^src\/modules\/([^/]+)\/(.+)$/.exec(target) ?? [];
          if (module && module !== own && rest !== 'index.js') {
            context.report({ node, messageId: 'inside', data: { target, module } });
          }
        });
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/', 'dist.building-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Prettier's width: what it cannot break (text, comments) is broken by hand.
      'max-len': ['error', { code: 120 }],
    },
  },
  {
    // The core is the kernel: it never reaches into a module.
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/modules/**'], message: 'The core imports no module.' }] },
      ],
    },
  },
  {
    // What is built into dist/ (src/ but its tests) never imports test code: test support lives in test/.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    plugins: { urbis },
    rules: { 'urbis/no-test-code': 'error' },
  },
  {
    // A module is entered only through its index.ts, tests included: what a test needs of another module's
    // inside comes through test/support/.
    files: ['src/modules/**/*.{ts,tsx}'],
    plugins: { urbis },
    rules: { 'urbis/module-through-index': 'error' },
  },
  {
    // A module makes its pages fast only through the seam's own door (core/shared/index.ts):
    // never by rendering HTML to strings, nor by reaching into the memo, markers or renderer.
    files: ['src/modules/**/*.{ts,tsx}'],
    ignores: ['src/modules/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'preact-render-to-string',
              message: 'Shared HTML is a fragment of core/shared (defineFragment, <Shared>); see ARCHITECTURE.md.',
            },
          ],
          patterns: [
            {
              group: ['**/core/shared/*', '!**/core/shared/index.js'],
              message: 'Modules use the seam through core/shared/index.js only.',
            },
          ],
        },
      ],
    },
  },
);
