/**
 * src/version.ts reads the package.json beside dist/; a bundle may live elsewhere (the single executable has no such
 * file at all), so the version is compiled into it.
 */
import type { Plugin } from 'esbuild';

export function inlineVersion({ version }: { version: string }): Plugin {
  return {
    name: 'inline-version',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
        contents: `export const VERSION = ${JSON.stringify(version)};\n`,
        loader: 'ts',
      }));
    },
  };
}
