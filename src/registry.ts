/**
 * Every collector the agent knows: one line per source, mapping its TOML table to its factory. Importing this module
 * has no side effects; the config loader reads the list.
 */
import type { RegisteredTable } from './config/table.js';
import { registerTable } from './config/table.js';
import { hasIpAddrTable } from './config/sources/hasipaddr.js';
import { bondingTable } from './config/sources/bonding.js';
import { netDevTable } from './config/sources/netdev.js';
import { jvmTable } from './config/sources/jvm.js';
import { megaraidTable } from './config/sources/megaraid.js';
import { mongoTable } from './config/sources/mongo.js';
import { postfixTable } from './config/sources/postfix.js';
import { dnsTable } from './config/sources/dns.js';
import { galeraTable } from './config/sources/galera.js';
import { mysqlTable } from './config/sources/mysql.js';

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
