module.exports = {
  displayName: 'otel-bridge',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
