module.exports = {
  displayName: 'demo-api',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
