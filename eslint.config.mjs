import nx from '@nx/eslint-plugin';

/**
 * Layers (see docs/architecture.md): data <- runtime, data <- config. Runtime never imports config
 * packages or their libraries; config never imports prom-client, express or OpenTelemetry.
 */
export const depConstraints = [
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:tool'] },
  {
    sourceTag: 'layer:data',
    onlyDependOnLibsWithTags: ['layer:data'],
    bannedExternalImports: ['*'],
  },
  {
    sourceTag: 'layer:runtime',
    onlyDependOnLibsWithTags: ['layer:data', 'layer:runtime'],
    bannedExternalImports: ['@grafana/*', 'js-yaml', '@prometheus-io/*', '@lezer/*'],
  },
  {
    sourceTag: 'layer:config',
    onlyDependOnLibsWithTags: ['layer:data', 'layer:config'],
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
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'tools/**/*.ts', 'apps/**/*.ts', '**/*.cjs', '**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
];
