module.exports = {
  displayName: 'genai',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  // Each spec loads real SDKs (and the README spec transpiles its examples) on a shared 2-core CI
  // machine: a budget for loading, not a speed goal.
  testTimeout: 30_000,
};
