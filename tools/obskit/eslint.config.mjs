import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // A command-line program: printing to the terminal is its job.
    files: ['**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
