import { type MetricMeta } from '../../datum.js';

export const BOND = ['bond'] as const;

export const SLAVE = ['bond', 'slave'] as const;

export const METRICS = [
  { metric: 'linux.net.bond.slave.count', rate: 'gauge', unit: 'slaves', tags: BOND, desc: 'Slaves enslaved to the bond.' },
  { metric: 'linux.net.bond.is_up', rate: 'gauge', unit: 'bool', tags: BOND, desc: 'Bond MII status: 1 up, 0 anything else.' },
  { metric: 'linux.net.bond.lacp_rate', rate: 'gauge', unit: 'bool', tags: BOND, desc: '802.3ad LACPDU rate: 0 slow (every 30 s), 1 fast (every second).' },
  { metric: 'linux.net.bond.aggregator.ports', rate: 'gauge', unit: 'ports', tags: BOND, desc: '802.3ad: ports in the active aggregator; 0 when the bond has no active aggregator.' },
  { metric: 'linux.net.bond.no_partner', rate: 'gauge', unit: 'bool', tags: BOND, desc: '802.3ad: 1 when the active aggregator\'s partner MAC is all zeros (no LACP partner heard), else 0.' },
  { metric: 'linux.net.bond.slave.is_up', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: 'Slave MII status: 1 up, 0 down, going down or going back.' },
  { metric: 'linux.net.bond.slave.is_active', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: 'Modes with one active slave (active-backup, balance-tlb, balance-alb): 1 for the currently active slave, 0 for the others.' },
  { metric: 'linux.net.bond.slave.link_failures', rate: 'counter', unit: 'count', tags: SLAVE, desc: 'Link failures the bonding driver counted for the slave.' },
  { metric: 'linux.net.bond.slave.speed', rate: 'gauge', unit: 'Mbit', tags: SLAVE, desc: 'Slave link speed; not sent while the kernel reports it Unknown.' },
  { metric: 'linux.net.bond.slave.full_duplex', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: 'Slave duplex: 1 full, 0 half; not sent while Unknown.' },
  { metric: 'linux.net.bond.slave.actor_churned', rate: 'counter', unit: 'count', tags: SLAVE, desc: '802.3ad: times our side of the slave\'s LACP went into churn (could not agree with the partner).' },
  { metric: 'linux.net.bond.slave.partner_churned', rate: 'counter', unit: 'count', tags: SLAVE, desc: '802.3ad: times the partner side of the slave\'s LACP went into churn.' },
  { metric: 'linux.net.bond.slave.aggregator_mismatch', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: '802.3ad: 1 when the slave\'s aggregator is not the bond\'s active aggregator (link up, but no traffic), else 0.' },
  { metric: 'linux.net.bond.slave.no_partner', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: '802.3ad: 1 when the partner system MAC in the slave\'s LACPDU details is all zeros (no LACP partner on that port), else 0.' },
] as const satisfies readonly MetricMeta[];
