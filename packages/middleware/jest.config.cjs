module.exports = {
  displayName: 'middleware',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
