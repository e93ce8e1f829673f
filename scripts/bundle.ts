/**
 * The command as a bundle (`npm run build` runs this after tsc): dist/cli.js, the program `rx-collector` starts, is
 * replaced by an esbuild bundle of src/cli.ts and the libraries it uses, split where the code imports lazily: each
 * collector (and what only it uses: the Tomcat collector's XML parser, …) is a chunk in dist/cli-chunks/, read only when
 * a configured table first reads. Started from tsc's output, Node opens and compiles some 230 files (rxjs alone is 71
 * CommonJS files) before the first reading; from the bundle the first datapoint comes in ~60 % of the time and the agent
 * holds less memory (`npm run bench firstDatapoint footprint`).
 *
 * What stays outside: the database drivers (optional peer dependencies, imported only by their collectors, found in
 * node_modules or reported missing by name) and undici (only the Tomcat and Docker collectors import it). The rest of
 * dist/ is tsc's, for programs that import the library.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineVersion } from './esbuildVersion.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const CHUNKS_DIR = 'cli-chunks';

rmSync(join(DIST, CHUNKS_DIR), { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: join(ROOT, 'src', 'cli.ts') },
  outdir: DIST,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // version.ts reads ../package.json beside itself, which a chunk in dist/cli-chunks/ would miss
  plugins: [inlineVersion(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })],
  external: ['mysql2', 'mongodb', 'undici'],
  // The bundled CommonJS libraries call require() for Node's own modules; an ES module has no require of its own.
  banner: { js: "import { createRequire as __rxCreateRequire } from 'node:module'; const require = __rxCreateRequire(import.meta.url);" },
  metafile: true,
});
// tsc's map describes the file this one replaced; the bundle has none (its code reads as written, comments aside)
rmSync(join(DIST, 'cli.js.map'), { force: true });
const outputs = Object.keys(result.metafile.outputs).length;
process.stdout.write(`dist/cli.js: ${Object.keys(result.metafile.inputs).length} modules in ${outputs} files\n`);
