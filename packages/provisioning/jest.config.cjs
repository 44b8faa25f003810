module.exports = {
  displayName: 'provisioning',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
