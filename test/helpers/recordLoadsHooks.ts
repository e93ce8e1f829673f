// Module hooks for recordLoads.ts; they run on the loader thread.
import { appendFileSync } from 'node:fs';
import type { LoadHook } from 'node:module';

let file = '';

export function initialize(data: { file?: string }): void {
  file = data.file ?? '';
}

export const load: LoadHook = (url, context, next) => {
  if (file !== '') appendFileSync(file, `${url}\n`);
  return next(url, context);
};
