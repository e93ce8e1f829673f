/** The tomcat collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { TomcatOptions } from './index.js';

export const TOMCAT_DEFAULTS = {
  url: 'http://127.0.0.1:8080/manager/status?XML=true',
  sessions: true,
} as const satisfies TomcatOptions;
