module.exports = {
  displayName: 'demo-next',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  // each spec starts `next start` (and a webpack `next build` once): live servers, not unit tests
  testTimeout: 240_000,
  maxWorkers: 1,
};
