import baseConfig, { depConstraints } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  { ignores: ['.next*/**', 'next-env.d.ts'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // `@/…` is the app's own path alias (tsconfig.next.json `paths`), as Next.js sets it up
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          checkNestedExternalImports: true,
          allow: ['@/**'],
          depConstraints,
        },
      ],
    },
  },
];
