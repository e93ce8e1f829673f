import { type MetricMeta } from '../../datum.js';

export const SERVER_TAGS = ['zone', 'nameserver', 'address'];

export const METRICS: readonly MetricMeta[] = [
  { metric: 'dns.soa.serial', rate: 'gauge', unit: 'serial', desc: 'SOA serial the name server answers for the zone (sent only when it answered).', tags: SERVER_TAGS },
  { metric: 'dns.soa.query_time', rate: 'gauge', unit: 'seconds', desc: 'Time the name server took to answer the SOA query (sent only when it answered).', tags: SERVER_TAGS },
  { metric: 'dns.soa.failed', rate: 'gauge', unit: 'bool', desc: '1 when the name server did not answer the SOA (refused, timed out, not authoritative, no address), else 0.', tags: SERVER_TAGS },
  { metric: 'dns.soa.in_agreement', rate: 'gauge', unit: 'bool', desc: '1 when every name server that answered gave the same serial (and at least one answered), else 0.', tags: ['zone'] },
  { metric: 'dns.soa.distinct_serials', rate: 'gauge', unit: 'serials', desc: 'How many different serials the answering name servers gave (1 is agreement).', tags: ['zone'] },
  { metric: 'dns.soa.servers', rate: 'gauge', unit: 'servers', desc: 'Name server addresses asked for the zone\'s SOA.', tags: ['zone'] },
  { metric: 'dns.soa.failed_servers', rate: 'gauge', unit: 'servers', desc: 'Name server addresses that did not answer the SOA.', tags: ['zone'] },
];
