/**
 * The daemon's V8 settings, applied as the CLI starts, before the agent does (cli.ts imports this module first).
 *
 * `--optimize-for-size`: V8's heuristics for small heaps. By default, after a full collection the old generation may
 * grow by at least 8 MB before the next one, and for a daemon that allocates little and steadily that step is all
 * garbage promoted from the young generation: over 30 minutes (NetDev + HasIpAddr + Bonding at Freq 1, side by side)
 * the agent's RSS climbed to 62.8 MiB steady and 65.1 at peak with the default and stayed at 57.2 and 59.3 with this
 * (bare node 44.6). The package runs a single executable application, which takes no node flags on its command line
 * and only a few through NODE_OPTIONS, so the flag is set here; the heap heuristics it changes are read at every
 * collection.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--optimize-for-size');
