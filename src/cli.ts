#!/usr/bin/env node
/**
 * The daemon: arguments, logging, signals and exit codes around the agent.
 *   exit 0  stopped cleanly (SIGTERM/SIGINT, --once delivered everything, --check/--list/--help/--version)
 *   exit 64 bad command line          exit 78 bad configuration (EX_CONFIG; with --strict, warnings too)
 *   exit 75 --once could not deliver every datapoint (EX_TEMPFAIL)          exit 1 unexpected failure
 */
import './v8Flags.js';
import { SOURCE_TABLES } from './sources/registry.js';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { startAgent, type Agent } from './agent.js';
import {
  DEFAULT_CONFIG_FILE, RS_COLLECTOR_CONFIG_FILE, describeConfig, loadConfig, renderCollectorList, renderExampleConfig,
  type LoadedConfig,
} from './config/index.js';
import { createLogger, resolveLogFormat } from './logger.js';
import { ConfigError } from './table.js';
import { startStatusEndpoint, type StatusEndpoint } from './status.js';
import { VERSION } from './version.js';

const EXIT_USAGE = 64;
const EXIT_UNDELIVERED = 75;
const EXIT_CONFIG = 78;
/** How long SIGTERM waits for queued points to be delivered before giving up on them. */
const SHUTDOWN_FLUSH_MS = 10_000;

const HELP = `rx-collector ${VERSION} — a metrics agent for Bosun and OpenTSDB-compatible stores

Usage: rx-collector [-c FILE] [--check [--strict]] [--once] [--print] [--collector NAME]... [--show-config]
       rx-collector --list | --sample-config | --version | --help

  -c, --config FILE     configuration file, TOML or JSON (rs-collector's files load unchanged). Default: the first
                        of ${DEFAULT_CONFIG_FILE} and ${RS_COLLECTOR_CONFIG_FILE} that exists;
                        with neither, the embedded default runs the host collectors and prints to stdout
      --check           validate the configuration, print warnings and the effective configuration (secrets
                        masked), exit 0 (78 on an error)
      --strict          treat warnings (unknown keys, missing files) as errors: exit 78
      --show-config     print the effective configuration, then run (rs-collector's flag)
      --once            read every collector once, deliver, exit; exit 75 when datapoints were not delivered
      --print           print datapoints to stdout instead of sending them; every collector reads at once
      --collector NAME  run only this collector: a table (netdev, Galera) or one of a [[Table]] (galera.db1);
                        repeatable; a table the file lacks runs with its defaults; "internal" adds the agent's own
                        metrics, left out otherwise. With --once --print: test one collector
      --list            list the collectors of this build: table, on/off in the configuration, what it reads
      --sample-config   print the complete commented example configuration
      --version         print the version and exit
  -h, --help            print this help and exit

Signals: SIGTERM/SIGINT stop polling, deliver what is queued (up to ${SHUTDOWN_FLUSH_MS / 1000} s) and exit 0;
SIGHUP reloads the configuration, keeps queued datapoints and restarts only the collectors that changed.
Logs go to stderr: JSON lines, or plain text on a terminal (LogFormat; level: LogLevel in the configuration).`;

interface Arguments {
  config?: string;
  check: boolean;
  strict: boolean;
  'show-config': boolean;
  once: boolean;
  print: boolean;
  collector?: string[];
  list: boolean;
  'sample-config': boolean;
  version: boolean;
  help: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      check: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'show-config': { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
      print: { type: 'boolean', default: false },
      collector: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
      'sample-config': { type: 'boolean', default: false },
      version: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return values;
}

/** A ConfigError about a flag (`--collector`) is a command-line mistake, not a configuration one. */
class UsageError extends Error {}

function load(args: Arguments): LoadedConfig {
  try {
    return loadConfig({ file: args.config, tables: SOURCE_TABLES, collectors: args.collector });
  } catch (error) {
    if (error instanceof ConfigError && error.key.startsWith('--')) throw new UsageError(error.message.replace(/^config: /, ''));
    throw error;
  }
}

/** Under --strict a warning is an error: all of them are printed, then exit 78. */
function refuseWarnings(warnings: readonly string[]): number {
  for (const warning of warnings) process.stderr.write(`rx-collector: error (--strict): ${warning}\n`);
  return EXIT_CONFIG;
}

/** Where the configuration came from, for the first log lines: a user switching from rs-collector wants to see it. */
function origin(args: Arguments, file: string | undefined): string {
  if (file === undefined) return `(embedded default: neither ${DEFAULT_CONFIG_FILE} nor ${RS_COLLECTOR_CONFIG_FILE} exists)`;
  if (args.config === undefined && file === RS_COLLECTOR_CONFIG_FILE) return `${file} (rs-collector's; ${DEFAULT_CONFIG_FILE} does not exist)`;
  return file;
}

async function run(argv: string[]): Promise<number> {
  // A reader that goes away (`rx-collector --print | head`) ends the agent quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args['sample-config']) {
    process.stdout.write(renderExampleConfig(SOURCE_TABLES));
    return 0;
  }

  const { config, warnings } = load(args);
  if (args.strict && warnings.length > 0) return refuseWarnings(warnings);
  if (args.check || args.list) {
    for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(args.list ? renderCollectorList(SOURCE_TABLES, config) : describeConfig(config));
    return 0;
  }
  if (args['show-config']) process.stdout.write(describeConfig(config));

  const log = createLogger(config.logLevel, resolveLogFormat(config.logFormat));
  for (const warning of warnings) log.warn({ file: config.file }, warning);
  const internal = args.collector === undefined || args.collector.some((name) => name.toLowerCase() === 'internal');
  log.info({ version: VERSION, file: origin(args, config.file), collectors: config.sources.map((s) => s.name),
    sink: args.print ? 'stdout' : config.sink.kind }, 'starting');
  if (config.dontSend && !args.print) log.info({}, 'DontSend = true: datapoints are printed to stdout, nothing is sent to Host');

  const agent = await startAgent(config, { log, print: args.print, once: args.once, internal });
  let status: StatusEndpoint | undefined;
  if (config.statusAddress !== undefined && config.statusAddress !== '') {
    status = await startStatusEndpoint(config.statusAddress, () => agent.stats(), VERSION).catch((error: unknown) => {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfigError('StatusAddress', `cannot listen on ${config.statusAddress} (${reason})`);
    });
    log.info({ address: status.address }, 'status endpoint listening');
  }

  if (args.once) {
    await agent.pipeline.done;
    return finish(agent, status, log, true);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      resolve(finish(agent, status, log, false));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', () => {
      reload(agent, args, log).catch((error: unknown) => log.error({ err: (error as Error).message }, 'reload failed'));
    });
  });
}

async function reload(agent: Agent, args: Arguments, log: Logger): Promise<void> {
  try {
    const { config, warnings } = load(args);
    if (args.strict && warnings.length > 0) {
      log.error({ warnings }, 'reload refused (--strict): the running configuration stays');
      return;
    }
    for (const warning of warnings) log.warn({ file: config.file }, warning);
    await agent.reload(config);
    log.level = config.logLevel;
    log.info({ file: origin(args, config.file) }, 'configuration reloaded');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error({ err: error.message }, 'reload refused: the running configuration stays');
  }
}

/** Stops the agent; --once reports what it could not deliver (lost or spooled) with a non-zero exit. */
async function finish(agent: Agent, status: StatusEndpoint | undefined, log: Logger, once: boolean): Promise<number> {
  const { lost, spooled } = await agent.stop(SHUTDOWN_FLUSH_MS);
  await status?.close();
  if (lost.length > 0) log.warn({ points: lost.length }, 'datapoints not delivered before shutdown');
  log.info({}, 'stopped');
  const undelivered = lost.length + spooled;
  if (!once || undelivered === 0) return 0;
  process.stderr.write(`rx-collector: --once: ${undelivered} datapoint${undelivered === 1 ? '' : 's'} not delivered`
    + `${spooled > 0 ? ` (${spooled} spooled for the next start)` : ''}\n`);
  return EXIT_UNDELIVERED;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`rx-collector: ${error.message}\nTry 'rx-collector --help'.\n`);
      process.exit(EXIT_USAGE);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`rx-collector: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(`rx-collector: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
