// An esbuild plugin: the bundles get the JSON-schema validators of
// server/src/engine/schema-validators.ts as code generated now by ajv's standalone mode, in place
// of that module (which compiles them when run from source). The schemas and options are read
// from the module itself, so the two cannot differ.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const MODULE = /[\\/]server[\\/]src[\\/]engine[\\/]schema-validators\.ts$/;

/** `SCHEMAS` and `AJV_OPTIONS` of the module, by bundling it alone and running it. */
async function moduleExports(path) {
  const result = await build({ entryPoints: [path], bundle: true, platform: 'node', format: 'cjs', write: false, external: ['ajv'], logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(path));
  return module.exports;
}

/** CommonJS source that exports `validatorOf(name)` over validators compiled ahead of time. */
async function standaloneSource(path) {
  const { SCHEMAS, AJV_OPTIONS } = await moduleExports(path);
  const require = createRequire(path);
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const names = Object.keys(SCHEMAS);
  for (const name of names) ajv.addSchema(SCHEMAS[name], name);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((name) => [name, name])));
  return `${code}\nconst validators = { ${names.map((name) => `${JSON.stringify(name)}: exports[${JSON.stringify(name)}]`).join(', ')} };\nexports.validatorOf = (name) => validators[name];\n`;
}

export const standaloneValidators = {
  name: 'standalone-validators',
  setup(esbuild) {
    esbuild.onLoad({ filter: MODULE }, async (args) => ({ contents: await standaloneSource(args.path), loader: 'js', resolveDir: dirname(args.path) }));
  },
};

// Exported for the test that holds the generated validators to the ones ajv compiles at run time.
export { standaloneSource };
