module.exports = {
  displayName: 'genai',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
