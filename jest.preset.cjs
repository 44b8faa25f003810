// Shared Jest preset: TypeScript through @swc/jest (no type-check here; `nx typecheck` does that),
// `.js` specifiers of nodenext sources mapped back to the .ts files, and a reporter that leaves a
// per-project summary for tools/scripts/test.mjs to total.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[cm]?[tj]s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  reporters: ['default', path.join(__dirname, 'tools/scripts/jest-summary-reporter.cjs')],
};
