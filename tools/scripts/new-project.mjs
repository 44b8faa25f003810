#!/usr/bin/env node
// Creates a new workspace project with the layout every obskit project shares:
//   node tools/scripts/new-project.mjs packages/<name> --tags type:lib,layer:config --job "one line"
// then run `npm install` (links the workspace) and `npx nx sync` (updates TypeScript references).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tags: { type: 'string', default: 'type:lib' },
    job: { type: 'string', default: '' },
    private: { type: 'boolean', default: false },
  },
});
const [dir] = positionals;
if (!dir || !/^(packages|apps|tools)\/[a-z][a-z0-9-]*$/.test(dir)) {
  console.error(
    `Invalid project directory "${dir ?? ''}": expected packages/<name>, apps/<name> or tools/<name> in kebab-case`,
  );
  process.exit(2);
}
const root = new URL('../..', import.meta.url).pathname;
const projectRoot = join(root, dir);
if (existsSync(projectRoot)) {
  console.error(`Refusing to create "${dir}": it already exists`);
  process.exit(1);
}
const name = basename(dir);
const tags = values.tags.split(',').filter(Boolean);
const isLib = tags.includes('type:lib');
const write = (file, content) => {
  mkdirSync(join(projectRoot, file, '..'), { recursive: true });
  writeFileSync(
    join(projectRoot, file),
    typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n',
  );
};

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const publishable = isLib && !values.private;
write('package.json', {
  name: `@obskit/${name}`,
  version: '0.0.1',
  ...(publishable ? {} : { private: true }),
  description: values.job,
  license: rootPkg.license,
  ...(publishable ? { repository: { ...rootPkg.repository, directory: dir } } : {}),
  type: 'commonjs',
  main: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  // src ships because the build's source maps point at it (tools/workspace/src/publishing.spec.ts)
  files: ['dist', 'src', '!src/**/*.spec.ts', '!**/*.tsbuildinfo', 'README.md'],
  sideEffects: false,
  engines: { node: '>=20.19.0' },
  nx: { name, tags },
  dependencies: {},
});
write('tsconfig.json', {
  extends: '../../tsconfig.base.json',
  files: [],
  include: [],
  references: [{ path: './tsconfig.lib.json' }, { path: './tsconfig.spec.json' }],
});
write('tsconfig.lib.json', {
  extends: '../../tsconfig.base.json',
  compilerOptions: {
    rootDir: 'src',
    outDir: 'dist',
    tsBuildInfoFile: 'dist/tsconfig.lib.tsbuildinfo',
    types: ['node'],
  },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.spec.ts', 'jest.config.cjs'],
  references: [],
});
write('tsconfig.spec.json', {
  extends: '../../tsconfig.base.json',
  compilerOptions: {
    outDir: './out-tsc/jest',
    tsBuildInfoFile: './out-tsc/jest/tsconfig.spec.tsbuildinfo',
    types: ['jest', 'node'],
  },
  include: ['src/**/*.ts', 'test/**/*.ts'],
  references: [{ path: './tsconfig.lib.json' }],
});
write(
  'jest.config.cjs',
  `module.exports = {\n  displayName: '${name}',\n  preset: '../../jest.preset.cjs',\n  rootDir: __dirname,\n};\n`,
);
write(
  'eslint.config.mjs',
  `import baseConfig from '../../eslint.config.mjs';\n\nexport default [...baseConfig];\n`,
);
write('README.md', `# @obskit/${name}\n\n${values.job}\n`);
write('src/index.ts', `export {};\n`);
if (publishable) copyFileSync(join(root, 'LICENSE'), join(projectRoot, 'LICENSE'));
console.log(`created ${dir}; now run: npm install && npx nx sync`);
