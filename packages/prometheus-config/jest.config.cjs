module.exports = {
  displayName: 'prometheus-config',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
