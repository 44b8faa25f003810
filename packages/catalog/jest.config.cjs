module.exports = {
  displayName: 'catalog',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
