/** The postfix collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { PostfixOptions } from './index.js';

export const POSTFIX_DEFAULTS: PostfixOptions = {
  postqueuePath: '/usr/sbin/postqueue',
  configDirectory: '',
  logFile: '/var/log/mail.log',
  queues: true,
  statistics: true,
};
