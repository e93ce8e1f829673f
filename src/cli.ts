#!/usr/bin/env node
/**
 * The daemon: arguments, logging, signals and exit codes around the agent.
 *   exit 0  stopped cleanly (SIGTERM/SIGINT, --once done, --check/--help/--version)
 *   exit 64 bad command line          exit 78 bad configuration (EX_CONFIG)          exit 1 unexpected failure
 */
import { SOURCE_TABLES } from './sources/registry.js';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { startAgent, type Agent } from './agent.js';
import { DEFAULT_CONFIG_FILE, describeConfig, loadConfig, type LoadedConfig } from './config/index.js';
import { ConfigError } from './table.js';
import { startStatusEndpoint, type StatusEndpoint } from './status.js';
import { VERSION } from './version.js';

const EXIT_USAGE = 64;
const EXIT_CONFIG = 78;
/** How long SIGTERM waits for queued points to be delivered before giving up on them. */
const SHUTDOWN_FLUSH_MS = 10_000;

const HELP = `rx-collector ${VERSION} — a metrics agent for Bosun and OpenTSDB-compatible stores

Usage: rx-collector [-c FILE] [--check] [--once] [--print] [--version] [--help]

  -c, --config FILE  configuration file, TOML or JSON (rs-collector's files load unchanged)
                     default: ${DEFAULT_CONFIG_FILE} when it exists; otherwise the embedded
                     default runs the host collectors and prints datapoints to stdout
      --check        validate the configuration, print the effective one (secrets masked), exit
      --once         read every collector once, send or print the datapoints, exit
      --print        print datapoints to stdout instead of sending them
      --version      print the version and exit
  -h, --help         print this help and exit

Signals: SIGTERM/SIGINT stop polling, deliver what is queued (up to ${SHUTDOWN_FLUSH_MS / 1000} s) and exit 0;
SIGHUP reloads the configuration, keeps queued datapoints and restarts only the collectors that changed.
Logs are JSON lines on stderr (level: LogLevel in the configuration).`;

interface Arguments {
  config?: string;
  check: boolean;
  once: boolean;
  print: boolean;
  version: boolean;
  help: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      check: { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
      print: { type: 'boolean', default: false },
      version: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return values;
}

function load(file: string | undefined): LoadedConfig {
  return loadConfig({ file, tables: SOURCE_TABLES });
}

function createLogger(level: string): Logger {
  return pino({
    level,
    base: { name: 'rx-collector' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'accessToken', '*.accessToken', 'url', '*.url'], censor: '***' },
  }, pino.destination({ fd: 2, sync: true }));
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
    process.stderr.write(`rx-collector: ${(error as Error).message}\nTry 'rx-collector --help'.\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }

  const { config, warnings } = load(args.config);
  if (args.check) {
    for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(describeConfig(config));
    return 0;
  }

  const log = createLogger(config.logLevel);
  for (const warning of warnings) log.warn({ file: config.file }, warning);
  log.info({ version: VERSION, file: config.file ?? '(embedded default)', collectors: config.sources.map((s) => s.name),
    sink: args.print ? 'stdout' : config.sink.kind }, 'starting');

  const agent = await startAgent(config, { log, print: args.print, once: args.once });
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
    return finish(agent, status, log);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      resolve(finish(agent, status, log));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', () => {
      reload(agent, args.config, log).catch((error: unknown) => log.error({ err: (error as Error).message }, 'reload failed'));
    });
  });
}

async function reload(agent: Agent, file: string | undefined, log: Logger): Promise<void> {
  try {
    const { config, warnings } = load(file);
    for (const warning of warnings) log.warn({ file: config.file }, warning);
    await agent.reload(config);
    log.level = config.logLevel;
    log.info({ file: config.file ?? '(embedded default)' }, 'configuration reloaded');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error({ err: error.message }, 'reload refused: the running configuration stays');
  }
}

async function finish(agent: Agent, status: StatusEndpoint | undefined, log: Logger): Promise<number> {
  const undelivered = await agent.stop(SHUTDOWN_FLUSH_MS);
  await status?.close();
  if (undelivered.length > 0) log.warn({ points: undelivered.length }, 'datapoints not delivered before shutdown');
  log.info({}, 'stopped');
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`rx-collector: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(`rx-collector: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
