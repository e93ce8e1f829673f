/**
 * The Galera source's metric table: every metric it knows how to describe. Names follow rs-collector (`galera.` + the
 * wsrep variable with `_` → `.`), units are rs-collector's where it declared one. rs-collector sent everything as a
 * gauge; cumulative counts are declared `counter` here because that is what they are and Bosun rates them correctly.
 */
import type { MetricMeta, Rate } from '../../datum.js';
import type { MetricTable } from '../../source.js';

/** The tag the source adds when the table has a `Name` (several instances on one host). */
export const NAME_TAG = 'name';

/** Sent on every reading: 1 when a Galera provider is loaded, 0 for a MySQL/MariaDB without one. */
export const PROVIDER_LOADED = 'galera.provider.loaded';

/** The metric name rs-collector gives a wsrep status variable. */
export function metricName(variable: string): string {
  return `galera.${variable.replace(/_/g, '.')}`;
}

type Row = readonly [variable: string, rate: Rate, unit: string, desc: string];

const c = 'counter';
const g = 'gauge';

/** Keyed by the wsrep variable (or, for the split latency, the variable plus a suffix). */
const ROWS: readonly Row[] = [
  // identity and membership
  ['wsrep_local_state_uuid', g, 'UUID', 'Last 12 hex digits of the state UUID this node holds, as a decimal; equal on every node of a healthy cluster.'],
  ['wsrep_cluster_state_uuid', g, 'UUID', 'Last 12 hex digits of the cluster state UUID, as a decimal; differs on a node that has split off.'],
  ['wsrep_gcomm_uuid', g, 'UUID', 'Last 12 hex digits of this node\'s group-communication UUID, as a decimal (changes on restart).'],
  ['wsrep_cluster_size', g, 'nodes', 'Nodes in the cluster component this node belongs to.'],
  ['wsrep_cluster_status', g, 'Status', 'Component status: 0 Primary, 1 anything else (non-Primary, Disconnected).'],
  // A gauge, not a counter: it drops to -1 outside a primary component, which Bosun would rate as a huge negative step.
  ['wsrep_cluster_conf_id', g, 'changes', 'Configuration (membership) changes of the cluster; equal on all nodes of one component; -1 (uint64 max on the wire) while not in a primary component.'],
  ['wsrep_cluster_weight', g, 'weight', 'Sum of the node weights (pc.weight) in the current component.'],
  ['wsrep_local_index', g, 'index', 'This node\'s index in the cluster; -1 (uint64 max on the wire) when not a member.'],
  ['wsrep_local_state', g, 'State', 'Node state: 0 Initialized (non-Primary), 1 Joining, 2 Donor/Desynced, 3 Joined, 4 Synced.'],
  ['wsrep_evs_state', g, 'Status', 'Group-communication (EVS) state: 0 OPERATIONAL, 1 anything else (GATHER, INSTALL, ...).'],
  ['wsrep_connected', g, 'Status', 'Whether the provider is connected to a cluster: 0 ON, 1 OFF.'],
  ['wsrep_ready', g, 'Status', 'Whether the node accepts queries: 0 ON, 1 OFF.'],
  ['wsrep_desync_count', g, 'count', 'Outstanding desync requests (SET wsrep_desync, donor SST) on this node.'],
  ['wsrep_gmcast_segment', g, 'segment', 'The gmcast segment this node belongs to.'],
  // protocol
  ['wsrep_protocol_version', g, 'version', 'Writeset replication protocol version in use.'],
  ['wsrep_protocol_application', g, 'version', 'Application protocol version in use.'],
  ['wsrep_protocol_replicator', g, 'version', 'Replicator protocol version in use.'],
  ['wsrep_protocol_gcs', g, 'version', 'Group communication protocol version in use.'],
  // replication traffic
  ['wsrep_last_committed', c, 'transactions', 'Sequence number of the last committed transaction.'],
  ['wsrep_replicated', c, 'transactions', 'Writesets this node replicated to the others.'],
  ['wsrep_replicated_bytes', c, 'bytes', 'Bytes of writesets this node replicated.'],
  ['wsrep_repl_keys', c, 'keys', 'Keys replicated.'],
  ['wsrep_repl_keys_bytes', c, 'bytes', 'Bytes of keys replicated.'],
  ['wsrep_repl_data_bytes', c, 'bytes', 'Bytes of data replicated.'],
  ['wsrep_repl_other_bytes', c, 'bytes', 'Bytes of other writeset parts replicated.'],
  ['wsrep_received', c, 'transactions', 'Writesets received from the other nodes.'],
  ['wsrep_received_bytes', c, 'bytes', 'Bytes of writesets received.'],
  ['wsrep_local_commits', c, 'transactions', 'Transactions committed locally.'],
  ['wsrep_local_cert_failures', c, 'transactions', 'Local transactions that failed certification.'],
  ['wsrep_local_replays', c, 'transactions', 'Transactions replayed after a brute-force abort.'],
  ['wsrep_local_bf_aborts', c, 'transactions', 'Local transactions aborted by replicated ones (brute-force aborts).'],
  ['wsrep_causal_reads', c, 'queries', 'Causal reads performed.'],
  // queues
  ['wsrep_local_send_queue', g, 'Length', 'Send queue length now.'],
  ['wsrep_local_send_queue_max', g, 'Length', 'Longest send queue since the last FLUSH STATUS.'],
  ['wsrep_local_send_queue_min', g, 'Length', 'Shortest send queue since the last FLUSH STATUS.'],
  ['wsrep_local_send_queue_avg', g, 'Length', 'Average send queue length since the last FLUSH STATUS.'],
  ['wsrep_local_recv_queue', g, 'Length', 'Receive queue length now.'],
  ['wsrep_local_recv_queue_max', g, 'Length', 'Longest receive queue since the last FLUSH STATUS.'],
  ['wsrep_local_recv_queue_min', g, 'Length', 'Shortest receive queue since the last FLUSH STATUS.'],
  ['wsrep_local_recv_queue_avg', g, 'Length', 'Average receive queue length since the last FLUSH STATUS.'],
  ['wsrep_local_cached_downto', g, 'transactions', 'Lowest sequence number still in the gcache (what IST can serve).'],
  // flow control
  ['wsrep_flow_control_paused_ns', c, 'nanoseconds', 'Time replication was paused by flow control.'],
  ['wsrep_flow_control_paused', g, 'Fraction', 'Fraction of time paused by flow control since the last FLUSH STATUS.'],
  ['wsrep_flow_control_sent', c, 'messages', 'Flow-control pause messages this node sent.'],
  ['wsrep_flow_control_recv', c, 'messages', 'Flow-control pause messages this node received.'],
  ['wsrep_flow_control_active', g, 'bool', 'Whether flow control is active now: 1 true, 0 false.'],
  ['wsrep_flow_control_requested', g, 'bool', 'Whether this node requested a replication pause: 1 true, 0 false.'],
  // certification and apply
  ['wsrep_cert_deps_distance', g, 'Distance', 'Average distance between the lowest and highest sequence numbers that can be applied in parallel.'],
  ['wsrep_cert_index_size', g, 'entries', 'Entries in the certification index.'],
  ['wsrep_cert_interval', g, 'transactions', 'Average number of transactions replicated while one was being certified.'],
  ['wsrep_apply_oooe', g, 'Fraction', 'How often writesets were applied out of order (parallelization efficiency).'],
  ['wsrep_apply_oool', g, 'Fraction', 'How often writesets with a higher sequence number were applied before lower ones.'],
  ['wsrep_apply_window', g, 'transactions', 'Average distance between the highest and lowest concurrently applied sequence numbers.'],
  ['wsrep_apply_waits', c, 'waits', 'Times an applier waited for an earlier writeset.'],
  ['wsrep_commit_oooe', g, 'Fraction', 'How often transactions were committed out of order.'],
  ['wsrep_commit_oool', g, 'Fraction', 'Unused by Galera; kept for completeness.'],
  ['wsrep_commit_window', g, 'transactions', 'Average distance between the highest and lowest concurrently committed sequence numbers.'],
  ['wsrep_open_transactions', g, 'transactions', 'Transactions open in the provider now.'],
  ['wsrep_open_connections', g, 'connections', 'Connections open in the provider now.'],
  // threads
  ['wsrep_applier_thread_count', g, 'threads', 'Applier threads.'],
  ['wsrep_rollbacker_thread_count', g, 'threads', 'Rollbacker threads.'],
  ['wsrep_thread_count', g, 'threads', 'All wsrep threads.'],
  // group-communication latency, split from `min/avg/max/stddev/samples`
  ['wsrep_evs_repl_latency_min', g, 'seconds', 'Shortest group-communication replication latency in the last stats period.'],
  ['wsrep_evs_repl_latency_avg', g, 'seconds', 'Average group-communication replication latency in the last stats period.'],
  ['wsrep_evs_repl_latency_max', g, 'seconds', 'Longest group-communication replication latency in the last stats period.'],
  ['wsrep_evs_repl_latency_stddev', g, 'seconds', 'Standard deviation of the group-communication replication latency.'],
  ['wsrep_evs_repl_latency_samples', g, 'samples', 'Latency samples taken in the last stats period.'],
];

export const METRICS: MetricTable = [
  { metric: PROVIDER_LOADED, rate: 'gauge', unit: 'bool', desc: '1 when a Galera provider is loaded; 0 for a MySQL/MariaDB server that is not a Galera node (no other galera.* metric is sent for it).', tags: [NAME_TAG] },
  ...ROWS.map(([variable, rate, unit, desc]): MetricMeta => ({ metric: metricName(variable), rate, unit, desc, tags: [NAME_TAG] })),
];

/** Metric names the table describes; anything else the server reports is sent as a gauge and warned about once. */
export const KNOWN_METRICS: ReadonlySet<string> = new Set(METRICS.map((meta) => meta.metric));

/** Metadata for a numeric wsrep variable the table does not know (a later Galera's). */
export function unknownMetricMeta(metric: string): MetricMeta {
  return { metric, rate: 'gauge', unit: '', desc: 'A wsrep status variable rx-collector does not describe yet; sent as read.', tags: [NAME_TAG] };
}
