module.exports = {
  displayName: 'tarball-e2e',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
