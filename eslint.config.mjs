// Flat config. Type-aware typescript-eslint rules, plus the purity wall: the core folders
// (src/ci, src/gitlab, the shared protocol, the webview's layout) may not import `vscode` or the host layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pureFiles = [
  'src/ci/**/*.ts',
  'src/gitlab/**/*.ts',
  'src/analysis/**/*.ts',
  'src/editor/**/*.ts',
  'src/protocol.ts',
  'src/protocolGuards.ts',
  'src/formatBytes.ts',
  'src/webviewPage.ts',
  'webview/graph/layout*.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'dist-vsix/**', 'test-output/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: [
      'src/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.mjs',
      '*.mjs',
      'test/**/*.mjs',
      'bench/**/*.mjs',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Programs whose job is to print: the CLI, scripts, benches and test harnesses.
    files: ['src/cli/**/*.ts', 'scripts/**', 'bench/**', 'test/**', '*.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: pureFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The pure core must not import vscode: keep it testable in plain Node.' }],
          patterns: [{ group: ['**/host/**', '**/host'], message: 'The pure core must not import the host layer.' }],
        },
      ],
    },
  },
);
