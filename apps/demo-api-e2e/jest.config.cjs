module.exports = {
  displayName: 'demo-api-e2e',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
