/**
 * A real Postfix with its own configuration and queue directories under STATE_DIR (nothing in /etc/postfix or
 * /var/spool/postfix is touched): mail to remote domains defers to a dead loopback relay, local mail is delivered to
 * mailboxes in the state directory, the mail log goes to a file (no syslog here), and smtpd listens on a loopback port
 * for rejection tests. The master runs in the foreground (`master -d`) so it is stopped by the PID we spawned.
 */
import { execFile } from 'node:child_process';
import { chownSync, chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, freshDir, hasCommand, shared, spawnDaemon, waitFor, type Server } from './harness.js';

const run = promisify(execFile);
const MASTER = '/usr/lib/postfix/sbin/master';

export interface PostqueueEntry {
  queue_name: string;
  queue_id: string;
  arrival_time: number;
}

export interface PostfixServer extends Server {
  readonly configDirectory: string;
  readonly logFile: string;
  /** Queues one message with a null sender (so bounces do not bounce back) through sendmail/postdrop. */
  send(recipient: string): Promise<void>;
  /** What `postqueue -j` says right now. */
  postqueue(): Promise<PostqueueEntry[]>;
  /** `postsuper -h <id>`. */
  hold(queueId: string): Promise<void>;
  /** Stops (or restarts) pickup, so new mail stays in maildrop. */
  setPickup(enabled: boolean): Promise<void>;
  /** Asks smtpd to accept each recipient; returns smtpd's three-digit reply per recipient. */
  smtpRecipients(recipients: readonly string[]): Promise<number[]>;
  /** How many lines of the mail log (current file and rotated ones) match `pattern`. */
  logCount(pattern: RegExp): number;
  /** `postfix logrotate`: renames the mail log with a date suffix and has postlogd reopen it; returns the new name. */
  rotateLog(): Promise<string>;
  /** What the master wrote to stdout/stderr, for failure messages. */
  output(): string;
}

export const postfixAvailable = (): boolean => hasCommand(MASTER) && hasCommand('postconf') && hasCommand('sendmail');

export function postfix(): Promise<PostfixServer> {
  return shared('postfix', start);
}

async function start(): Promise<PostfixServer> {
  const dir = freshDir('postfix');
  const etc = join(dir, 'etc');
  const spool = join(dir, 'spool');
  const data = join(dir, 'data');
  const mail = join(dir, 'mail');
  const logFile = join(dir, 'log', 'maillog');
  for (const path of [etc, spool, data, mail, join(dir, 'log')]) mkdirSync(path, { recursive: true });
  chmodSync(mail, 0o1777);
  const { stdout: postfixUid } = await run('id', ['-u', 'postfix']);
  // postlogd (user postfix) re-creates the mail log after a rotation
  for (const path of [data, join(dir, 'log')]) chownSync(path, Number(postfixUid.trim()), 0);
  copyFileSync('/etc/postfix/master.cf', join(etc, 'master.cf'));
  copyFileSync('/etc/postfix/main.cf', join(etc, 'main.cf'));
  const smtpPort = await freePort();
  const postconf = (...args: string[]) => run('postconf', ['-c', etc, ...args]);
  await postconf('-e',
    `queue_directory=${spool}`, `data_directory=${data}`,
    `maillog_file=${logFile}`, `maillog_file_prefixes=${dir}`, 'maillog_file_rotate_suffix=%Y%m%d-%H%M%S',
    // keep rotated logs readable for the tests (Postfix gzips them by default)
    'maillog_file_compressor=/bin/true',
    'inet_interfaces=loopback-only', 'inet_protocols=ipv4',
    // 127.0.0.1 is not a trusted client, so smtpd refuses relaying (4xx) and unknown local users (5xx).
    'mynetworks=127.0.0.2/32',
    'default_transport=smtp', 'relay_transport=smtp', 'relayhost=[127.0.0.1]:9', 'smtp_dns_support_level=disabled',
    `mail_spool_directory=${mail}`, 'alias_maps=', 'alias_database=',
    'myhostname=rx-test.localdomain', 'mydestination=localhost', 'smtpd_banner=$myhostname ESMTP');
  await postconf('-M#', 'smtp/inet');
  await postconf('-M', `127.0.0.1:${smtpPort}/inet=127.0.0.1:${smtpPort} inet n - n - - smtpd`);
  await run('postfix', ['-c', etc, 'check']);
  const daemon = spawnDaemon('postfix', MASTER, ['-c', etc, '-d']);
  await waitFor('postfix master and smtpd', () => new Promise<boolean>((resolve) => {
    const socket = connect(smtpPort, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  }), 20_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${daemon.output()}`);
  });

  const rotated: string[] = [];
  const env = { ...process.env, MAIL_CONFIG: etc };
  return {
    configDirectory: etc,
    logFile,
    async send(recipient) {
      await new Promise<void>((resolve, reject) => {
        const child = execFile('sendmail', ['-C', etc, '-f', '', recipient], { env }, (error) => (error === null ? resolve() : reject(new Error(`sendmail: ${error.message}`))));
        child.stdin?.end(`Subject: rx-collector test\n\nhello ${recipient}\n`);
      });
    },
    async postqueue() {
      const { stdout } = await run('postqueue', ['-c', etc, '-j']);
      return stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as PostqueueEntry);
    },
    async hold(queueId) {
      await run('postsuper', ['-c', etc, '-h', queueId]);
    },
    async setPickup(enabled) {
      if (enabled) await postconf('-M', 'pickup/unix=pickup unix n - y 60 1 pickup');
      else await postconf('-M#', 'pickup/unix');
      await run('postfix', ['-c', etc, 'reload']);
    },
    smtpRecipients: (recipients) => smtpRecipients(smtpPort, recipients),
    logCount(pattern) {
      return [...rotated, logFile].filter((file) => existsSync(file))
        .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
        .filter((line) => pattern.test(line)).length;
    },
    async rotateLog() {
      await run('postfix', ['-c', etc, 'logrotate']);
      const fresh = readdirSync(dirname(logFile)).map((name) => join(dirname(logFile), name))
        .filter((file) => file.startsWith(`${logFile}.`) && !rotated.includes(file));
      rotated.push(...fresh);
      return fresh.join(' ');
    },
    output: () => daemon.output(),
    async stop() {
      await daemon.stop(10_000);
    },
  };
}

/** A minimal SMTP dialogue: EHLO, a null sender, one RCPT per recipient, QUIT. Returns the RCPT reply codes. */
function smtpRecipients(port: number, recipients: readonly string[]): Promise<number[]> {
  const commands = ['EHLO test.localdomain', 'MAIL FROM:<>', ...recipients.map((rcpt) => `RCPT TO:<${rcpt}>`), 'QUIT'];
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: number[] = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error('smtp timeout')));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (line[3] === '-') continue;
        replies.push(Number(line.slice(0, 3)));
        const next = commands[replies.length - 1];
        if (next !== undefined) socket.write(`${next}\r\n`);
      }
    });
    socket.once('error', reject);
    // replies: banner, EHLO, MAIL, RCPT..., QUIT
    socket.once('close', () => resolve(replies.slice(3, 3 + recipients.length)));
  });
}
