// Lint rules the compiler cannot give: no promise left floating anywhere, and workflow files kept
// deterministic by what they may import (Temporal replays a workflow's code against its history, so
// it must not do I/O or depend on anything that may).
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const alternatives = (names) => names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
const builtins = `node:.*|${alternatives(builtinModules.filter((m) => !m.startsWith('_')))}`;
// Packages that talk to the outside world (database, HTTP, providers) or are not workflow code.
const clients = 'pg|pg-.*|knex|fastify|@fastify/.*|@sendgrid/.*|@segment/.*|axios|undici|node-fetch|csv-parse|tsx|@temporalio/(?!workflow$|common$).*';
// Schemas validate at the edges (API, activities); a workflow receives values already checked.
const validation = 'zod|zod/.*';
// What a workflow may import at run time: the workflow SDK, its feature's message definitions,
// the pure domain modules, and (workflows/index.ts only) the workflows of each feature folder.
const allowed = `@temporalio/workflow|\\./messages\\.js|(\\.\\./)+domain/.+|\\./[a-z]+/[A-Za-z]+\\.js`;

const workflowImports = (feature) => {
  // Not even types from another feature's activities or messages, or from the layers above.
  const foreign = feature ? `(\\.\\./)+(activities/(?!${feature}/)|workflows/|services/|api/|runtime/|dev/)|\\.\\./(?!\\.\\./)` : null;
  return [
    'error',
    {
      patterns: [
        { regex: `^(${builtins})(/.*)?$`, message: 'Workflow code never does I/O: no Node built-ins (use an activity).' },
        { regex: `^(${clients})(/.*)?$`, message: 'Workflow code never does I/O: database, HTTP and SDK clients belong in activities or services.' },
        { regex: `^(${validation})$`, message: 'No zod in workflow code: validate at the edges (API, activities) and pass plain values.' },
        ...(foreign
          ? [{ regex: `^(${foreign})`, message: `workflows/${feature}/ uses only its own feature's messages (./messages.js) and activity type (activities/${feature}/).` }]
          : []),
        {
          // typescript-eslint skips a type import if any matching pattern allows types, so this one
          // leaves out what the patterns above forbid outright.
          regex: `^(?!(${allowed})$)(?!(${builtins}|${clients}|${validation})(/|$))${foreign ? `(?!${foreign})` : ''}`,
          allowTypeImports: true,
          message: 'A workflow imports at run time only @temporalio/workflow, its own ./messages.js and pure domain modules (types may come from elsewhere).',
        },
      ],
    },
  ];
};

const features = readdirSync(new URL('./workflows', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

export default defineConfig(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's describe/it/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
    },
  },
  {
    // A failing assert.ok without a message makes Node read and re-parse the test's source to quote
    // the expression; on tsx-transformed files that parse can spin for minutes (seen: a CI run stuck
    // at 100 % CPU), so every truthiness assertion carries its own message.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='assert'][callee.property.name='ok'][arguments.length<2]", message: 'Give assert.ok a message (a failing one without it can hang the test run).' },
        { selector: "CallExpression[callee.name='assert'][arguments.length<2]", message: 'Give assert() a message (a failing one without it can hang the test run).' },
      ],
    },
  },
  {
    // Services, routes and activities start workflows by their type name: importing the workflow
    // function would pull workflow code into the API's and the activities' import graph. Types (for
    // typed arguments) and the features' message definitions (updates, signals, queries) are fine.
    files: ['services/**/*.ts', 'api/**/*.ts', 'activities/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+workflows/(?![a-z]+/messages\\.js$)',
              allowTypeImports: true,
              message: "Start a workflow by its type name (client.workflow.start<typeof wf>('wf', ...)); import only its type and the feature's messages.",
            },
          ],
        },
      ],
    },
  },
  {
    // Rows carry declared types (each repository exports its table's row type; read models declare
    // what their SQL selects), so a renamed or retyped column fails the type check, not a request.
    files: ['services/**/*.ts', 'activities/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Logs are JSON lines with fields (pino): the request logger, the worker's, or the background
    // logger a service is given (services/shared/logger.ts); a console line would be unstructured.
    files: ['services/**/*.ts', 'activities/**/*.ts', 'api/**/*.ts', 'runtime/eventRuleDrain.ts', 'runtime/composition.ts'],
    rules: { 'no-console': 'error' },
  },
  { files: ['workflows/*.ts'], rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': workflowImports(null) } },
  ...features.map((feature) => ({
    files: [`workflows/${feature}/**/*.ts`],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': workflowImports(feature) },
  })),
);
