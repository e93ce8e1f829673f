/**
 * Every collector the agent knows, one line each: the only list of them. The CLI hands it to the config loader; the
 * docs generator (README tables, example config), the package's exports test and the contract test read it too.
 * Importing this module has no side effects. A collector lives in src/sources/<table lower-cased>/.
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
import { dockerTable } from './docker/table.js';
import { tomcatTable } from './tomcat/table.js';
import { cephTable } from './ceph/table.js';

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
  registerTable(dockerTable),
  registerTable(tomcatTable),
  registerTable(cephTable),
];

/** The folder (and package path, `rx-collector/sources/<folder>`) of a registered collector. */
export const collectorFolder = (table: RegisteredTable): string => table.table.toLowerCase();
