module.exports = {
  displayName: 'obskit',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
