module.exports = {
  displayName: 'promql',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
