module.exports = {
  displayName: 'metrics-core',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
