// Preloaded with --import (after tsx): records the URL of every module the process loads, one per line, in RX_LOADS_FILE.
import { register } from 'node:module';

register('./recordLoadsHooks.ts', import.meta.url, { data: { file: process.env.RX_LOADS_FILE } });
