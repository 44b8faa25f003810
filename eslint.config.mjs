import nx from '@nx/eslint-plugin';

/**
 * Layers (see docs/architecture.md): data <- runtime, data <- config. Runtime never imports config
 * packages or their libraries; config never imports prom-client, express or OpenTelemetry.
 */
export const depConstraints = [
  // `type:testing` (tools/testing) is for spec and test files only.
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:tool', 'type:testing'] },
  {
    sourceTag: 'layer:data',
    onlyDependOnLibsWithTags: ['layer:data', 'type:testing'],
    bannedExternalImports: ['*'],
  },
  {
    sourceTag: 'layer:runtime',
    onlyDependOnLibsWithTags: ['layer:data', 'layer:runtime', 'type:testing'],
    bannedExternalImports: ['@grafana/*', 'js-yaml', '@prometheus-io/*', '@lezer/*'],
  },
  {
    sourceTag: 'layer:config',
    onlyDependOnLibsWithTags: ['layer:data', 'layer:config', 'type:testing'],
    bannedExternalImports: ['prom-client', 'express', '@opentelemetry/*', 'better-sqlite3'],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/out-tsc',
      '**/test-output',
      '**/coverage',
      '**/node_modules',
      'deployment/**',
      '**/test/fixtures/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.cjs', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          checkNestedExternalImports: true,
          allow: [],
          depConstraints,
        },
      ],
    },
  },
  {
    // Per-project configs extend the root one by relative path; that is not a module dependency.
    files: ['**/eslint.config.mjs', '**/jest.config.cjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Globs are relative to the project config that extends this one; CLIs turn it off there.
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/*.cjs', '**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
];
