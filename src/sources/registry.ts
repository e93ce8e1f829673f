/**
 * Every collector the agent knows: one line per source, mapping its TOML table to its factory. Importing this module
 * has no side effects; the config loader reads the list.
 */
import type { RegisteredTable } from '../table.js';
import { registerTable } from '../table.js';
import { hasIpAddrTable } from './hasipaddr/table.js';
import { bondingTable } from './bonding/table.js';
import { netDevTable } from './netdev/table.js';
import { jvmTable } from './jvm/table.js';
import { megaraidTable } from './megaraid/table.js';
import { mongoTable } from './mongo/table.js';
import { postfixTable } from './postfix/table.js';
import { dnsTable } from './dns/table.js';
import { galeraTable } from './galera/table.js';
import { mysqlTable } from './mysql/table.js';

export const SOURCE_TABLES: readonly RegisteredTable[] = [
  registerTable(hasIpAddrTable),
  registerTable(bondingTable),
  registerTable(netDevTable),
  registerTable(jvmTable),
  registerTable(megaraidTable),
  registerTable(mongoTable),
  registerTable(postfixTable),
  registerTable(dnsTable),
  registerTable(galeraTable),
  registerTable(mysqlTable),
];
