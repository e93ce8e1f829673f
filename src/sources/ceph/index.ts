/**
 * The Ceph source: cluster health and capacity from the `ceph` command-line tool. One reading runs `ceph status`,
 * `health detail`, `df`, `osd df` and `osd dump` (each `-f json`, all at once, each with `--connect-timeout`);
 * unsubscribing kills every one still running. parse.ts turns the answers into samples, metrics.ts is the table.
 */
import { map, type Observable } from '../../rx.js';
import { cleanTags, datum, nowSeconds, type Datum } from '../../datum.js';
import { fromAbortable, runCommand } from '../abortable.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { METRICS } from './metrics.js';
import { parseDf, parseHealthDetail, parseOsdDf, parseOsdDump, parseStatus, type Parsed, type Sample } from './parse.js';
import { CEPH_DEFAULTS } from './defaults.js';

export { CEPH_DEFAULTS } from './defaults.js';

export { HEALTH_LEVELS, METRICS } from './metrics.js';
export { parseDf, parseHealthDetail, parseJson, parseOsdDf, parseOsdDump, parseStatus, type Json, type Parsed, type Sample } from './parse.js';

export interface CephOptions {
  /** The ceph.conf that names the monitors (`ceph --conf`). */
  configFile?: string;
  /** Cluster name (`ceph --cluster`); '' leaves Ceph's default, `ceph`. Sent as tag `cluster`. */
  cluster?: string;
  /** The client to authenticate as: `admin` (→ `--id admin`) or a full name such as `client.monitoring`. */
  user?: string;
  /** Keyring file of that client; '' lets Ceph look where its configuration says. */
  keyring?: string;
  /** The `ceph` executable, run without a shell. */
  cephCommand?: string;
  /** Passed as `--connect-timeout`: how long `ceph` tries to reach a monitor before it gives up. */
  connectTimeoutSeconds?: number;
  /** Each command is killed after this long, whatever the reading's own timeout. */
  commandTimeoutMs?: number;
}

/** The cluster name Ceph uses when none is given. */
const DEFAULT_CLUSTER = 'ceph';

interface Command {
  readonly args: readonly string[];
  readonly parse: (text: string) => Parsed;
  /** Series (metric → its varying tag) that are sent as 0 once they disappear, so an alert on them can clear. */
  readonly cleared?: readonly (readonly [metric: string, tag: string])[];
}

const COMMANDS: readonly Command[] = [
  { args: ['status'], parse: parseStatus, cleared: [['ceph.pg.state', 'state']] },
  { args: ['health', 'detail'], parse: parseHealthDetail,
    cleared: [['ceph.health.check', 'check'], ['ceph.health.check.count', 'check']] },
  { args: ['df'], parse: parseDf },
  { args: ['osd', 'df'], parse: parseOsdDf },
  { args: ['osd', 'dump'], parse: parseOsdDump },
];

/** The arguments every command shares: where the cluster is, who we are, how long to try. */
export function commonArguments(options: Required<CephOptions>): string[] {
  return [
    '--conf', options.configFile,
    ...(options.cluster !== '' ? ['--cluster', options.cluster] : []),
    ...(options.user.includes('.') ? ['--name', options.user] : ['--id', options.user]),
    ...(options.keyring !== '' ? ['--keyring', options.keyring] : []),
    '--connect-timeout', String(options.connectTimeoutSeconds),
    '--format', 'json',
  ];
}

/**
 * Remembers the tag values a series has had. After a reading, every value seen before but absent now gets a 0 sample
 * (a cleared health check, a PG state no PG is in any more).
 */
class ClearedSeries {
  private readonly seen = new Map<string, Set<string>>();

  fill(samples: Sample[], metric: string, tag: string): void {
    const known = this.seen.get(metric) ?? new Set<string>();
    this.seen.set(metric, known);
    const now = new Set(samples.filter((sample) => sample.metric === metric).map((sample) => sample.tags[tag] ?? ''));
    for (const value of known) if (!now.has(value)) samples.push({ metric, value: 0, tags: { [tag]: value } });
    for (const value of now) known.add(value);
  }
}

export function createCephSource(options: CephOptions = {}, context: Partial<SourceContext> = {}): Source {
  const { skip } = sourceContext(context);
  const settings: Required<CephOptions> = { ...CEPH_DEFAULTS, ...options };
  const common = commonArguments(settings);
  const clusterTag = settings.cluster !== '' ? settings.cluster : DEFAULT_CLUSTER;
  const cleared = new ClearedSeries();

  const toData = (answers: readonly string[]): Datum[] => {
    const timestamp = nowSeconds();
    return COMMANDS.flatMap((command, index) => {
      const parsed = command.parse(answers[index] ?? '');
      if (parsed.skipped > 0) skip(parsed.skipped, 'ceph: skipped unreadable fields', { command: command.args.join(' ') });
      if (parsed.readable) for (const [metric, tag] of command.cleared ?? []) cleared.fill(parsed.samples, metric, tag);
      return parsed.samples.map((sample) =>
        datum(sample.metric, sample.value, cleanTags({ cluster: clusterTag, ...sample.tags }), timestamp));
    });
  };

  return {
    name: 'ceph',
    metadata: METRICS,
    // One failed command fails the reading; the abort then kills the ones still running.
    collect: (): Observable<Datum[]> => fromAbortable((signal) => Promise.all(COMMANDS.map((command) =>
      runCommand(settings.cephCommand, [...common, ...command.args], signal, {
        timeoutMs: settings.commandTimeoutMs, maxBuffer: 32 << 20,
      })))).pipe(map(toData)),
  };
}
