module.exports = {
  displayName: 'dashboards',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
