import { open, type FileHandle } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createChecker, type Checker, type CheckerOptions, type WindowsRange } from '../check/createChecker.js';
import { showInvisible } from '../_lib/showInvisible.js';
import { ComplianceError, InputError, MappingError, RuleConfigError } from '../errors.js';
import { Countries, type Country } from '../schema/enums.js';
import { checkCommand } from './checkCommand.js';
import { COMMAND_USAGE, COMMANDS, GLOBAL_USAGE, type Command } from './usage.js';
import { didYouMean } from '../_lib/didYouMean.js';
import { MAX_WINDOW_DAYS } from '../check/lawfulWindows.js';
import type { AuditInput } from '../audit/auditTypes.js';
import { FileError, isErrnoError } from './fileError.js';
import { instantMs } from '../_lib/instantMs.js';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const RULE_OPTIONS: Record<string, OptionSpec> = {
  lang: { type: 'string' },
  rules: { type: 'string' },
  'direct-contact': { type: 'string' },
  week: { type: 'string' },
  override: { type: 'string', multiple: true },
  'allow-deviation': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
};

/** The options of each command: anything else is an error with a did-you-mean, never ignored. */
const OPTIONS: Record<Command, Record<string, OptionSpec>> = {
  check: {
    ...RULE_OPTIONS,
    format: { type: 'string' },
    'exit-zero': { type: 'boolean' },
    'decision-log': { type: 'string' },
    durability: { type: 'string' },
    checkpoints: { type: 'string' },
    key: { type: 'string' },
    'digests-only': { type: 'boolean' },
    origin: { type: 'string' },
  },
  windows: {
    ...RULE_OPTIONS,
    format: { type: 'string' },
    until: { type: 'string' },
    days: { type: 'string' },
    'exit-zero': { type: 'boolean' },
  },
  audit: {
    ...RULE_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string' },
    'input-format': { type: 'string' },
    'record-history': { type: 'string' },
    'max-listed': { type: 'string' },
    shard: { type: 'string' },
    map: { type: 'string' },
    'dry-run': { type: 'boolean' },
    sql: { type: 'string' },
  },
  rules: { ...RULE_OPTIONS, country: { type: 'string' }, format: { type: 'string' } },
  serve: {
    ...RULE_OPTIONS,
    host: { type: 'string' },
    port: { type: 'string' },
    'token-file': { type: 'string' },
    'body-limit': { type: 'string' },
    'decision-log': { type: 'string' },
    durability: { type: 'string' },
    checkpoints: { type: 'string' },
    key: { type: 'string' },
    'digests-only': { type: 'boolean' },
    origin: { type: 'string' },
  },
  keygen: { name: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  'verify-log': {
    key: { type: 'string', multiple: true },
    checkpoint: { type: 'string', multiple: true },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  prove: { checkpoint: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  'verify-proof': {
    checkpoint: { type: 'string', multiple: true },
    key: { type: 'string', multiple: true },
    attempt: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
};
const GLOBAL_OPTIONS: Record<string, OptionSpec> = { version: { type: 'boolean', short: 'v' } };
const ALL_OPTIONS: Record<string, OptionSpec> = Object.assign({}, GLOBAL_OPTIONS, ...Object.values(OPTIONS));

class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

export interface MainIo {
  /** Standard input as text, when no `stdinStream` is given. */
  stdin: () => string;
  /**
   * Standard input as a stream: read as it comes (check and windows judge JSON Lines line by line, the
   * audit never holds it whole), and without blocking, so that signals are handled while it waits.
   * Default: `stdin()` as one text.
   */
  stdinStream?: () => AsyncIterable<string | Uint8Array>;
  out: (s: string) => void;
  /** Resolves once standard output has taken what was written (a closed one never resolves: it ends the process). */
  outFlushed?: () => Promise<void>;
  err: (s: string) => void;
  errIsTTY?: boolean;
  errColumns?: number;
}

export async function main(argv: string[], io: MainIo): Promise<number> {
  try {
    const command = commandOf(argv);
    if (command === 'version') {
      io.out(
        versionText(
          createChecker(
            await checkerOptions(
              parseArgs({ args: argv, options: ALL_OPTIONS, allowPositionals: true, strict: false }).values,
            ),
          ),
        ),
      );
      return 0;
    }
    if (typeof command === 'object') {
      io.out(`${command.help}\n`);
      return 0;
    }
    const { values, positionals } = parseCommand(command, argv);
    // The decision log's own commands judge nothing: no checker is built for them.
    if (command === 'keygen') return (await decisionLogCommands()).keygenCommand(values, positionals, io.out);
    if (command === 'verify-log')
      return await (await decisionLogCommands()).verifyLogCommand(values, positionals, io.out);
    if (command === 'prove') return await (await decisionLogCommands()).proveCommand(values, positionals, io);
    if (command === 'verify-proof')
      return (await decisionLogCommands()).verifyProofCommand(values, positionals, io.out, io.stdin);
    const [, file, ...rest] = positionals;
    if (command === 'audit' && file === 'merge') return await merge(values, rest, io);
    const options = await checkerOptions(values);
    if (command === 'check' && (!file || rest.length > 0))
      throw new UsageError('check takes one FILE, or - for standard input', command);
    const decisionLog =
      (command === 'check' || command === 'serve') && DECISION_LOG_OPTIONS.some((o) => values[o] !== undefined)
        ? await (await decisionLogCommands()).openCliDecisionLog(values)
        : undefined;
    try {
      const checker = createChecker(decisionLog ? { ...options, decisionLog } : options);
      const name = file === '-' ? '<stdin>' : file;
      switch (command) {
        case 'check': {
          const format = values['format'] ?? 'json';
          if (format !== 'json' && format !== 'jsonl' && format !== 'text')
            throw new UsageError(
              `--format for check is json, jsonl or text${hintFor(String(format), ['json', 'jsonl', 'text'])}`,
              command,
            );
          // Batched: a decision is written out once its batch is on disk, never before.
          const held =
            decisionLog?.durability.mode === 'batched'
              ? (await decisionLogCommands()).heldUntilDurable(io.out, decisionLog)
              : undefined;
          const code = await checkCommand(inputOf(file!, io), checker, {
            format,
            name: name!,
            out: held?.write ?? io.out,
            err: io.err,
            exitZero: values['exit-zero'] === true,
          });
          // The last batch and a last checkpoint written (a failure throws: exit 2), then what was held.
          await decisionLog?.close();
          await held?.done();
          return code;
        }
        case 'windows': {
          if (!file || rest.length > 0)
            throw new UsageError('windows takes one FILE, or - for standard input', command);
          const format = values['format'] ?? 'json';
          if (format !== 'json' && format !== 'jsonl' && format !== 'text' && format !== 'ics')
            throw new UsageError(
              `--format for windows is json, jsonl, text or ics${hintFor(String(format), ['json', 'jsonl', 'text', 'ics'])}`,
              command,
            );
          const range = windowsRangeOf(values['until'] as string | undefined, values['days'] as string | undefined);
          const { windowsCommand } = await import('./windowsCommand.js');
          return await windowsCommand(inputOf(file, io), checker, {
            format,
            name: name!,
            range,
            out: io.out,
            err: io.err,
            exitZero: values['exit-zero'] === true,
          });
        }
        case 'audit': {
          const sql = values['sql'] as string | undefined;
          if (sql !== undefined && (file || rest.length > 0))
            throw new UsageError('audit --sql reads the rows of the query: give no LOG file', command);
          if (sql === undefined && (!file || rest.length > 0))
            throw new UsageError('audit takes one LOG file, or - for standard input (or --sql QUERY)', command);
          const input: AuditInput =
            sql !== undefined
              ? { sql }
              : file === '-'
                ? io.stdinStream
                  ? { stream: io.stdinStream(), name: '<stdin>' }
                  : { text: io.stdin(), name: '<stdin>' }
                : { path: file! };
          // Loaded only for an audit: `check` starts without the audit, its reports and its parsers.
          const { auditCommand } = await import('./auditCommand.js');
          return await auditCommand(input, checker, {
            format: values['format'] as string | undefined,
            out: values['out'] as string | undefined,
            inputFormat: values['input-format'] as string | undefined,
            recordHistory: values['record-history'] as string | undefined,
            maxListed: values['max-listed'] as string | undefined,
            shard: values['shard'] as string | undefined,
            map: values['map'] as string | undefined,
            dryRun: values['dry-run'] === true,
            err: io.err,
            out_: io.out,
            ...(io.outFlushed ? { outFlushed: io.outFlushed } : {}),
            errIsTTY: io.errIsTTY === true,
            ...(io.errColumns ? { errColumns: io.errColumns } : {}),
          });
        }
        case 'serve': {
          if (file) throw new UsageError('serve takes no file: attempts come in requests', command);
          const { serveCommand } = await import('./serveCommand.js');
          return await serveCommand(checker, {
            host: values['host'] as string | undefined,
            port: values['port'] as string | undefined,
            tokenFile: values['token-file'] as string | undefined,
            bodyLimit: values['body-limit'] as string | undefined,
            language: options.language ?? 'en',
            ...(decisionLog ? { decisionLog } : {}),
            err: io.err,
          });
        }
        case 'rules': {
          if (file) throw new UsageError('rules takes no file', command);
          const country = (values['country'] as string | undefined)?.toUpperCase();
          if (country !== undefined && !(Countries as readonly string[]).includes(country))
            throw new UsageError(`--country must be one of ${Countries.join(', ')}`, command);
          const format = values['format'] ?? 'md';
          if (format !== 'md' && format !== 'json')
            throw new UsageError(`--format for rules is md or json${hintFor(String(format), ['md', 'json'])}`, command);
          io.out(
            (await import('./rulesCommand.js')).rulesCommand(checker, {
              ...(country ? { country: country as Country } : {}),
              format,
              language: options.language ?? 'en',
            }),
          );
          return 0;
        }
      }
    } finally {
      // Every way out (close is idempotent): the lock released, the last batch and checkpoint written.
      await decisionLog?.close().catch(() => undefined);
    }
    throw new Error(`no such command: ${command satisfies never}`);
  } catch (e) {
    // Messages quote the input (a field name, a file name): control characters are shown, not sent to the terminal.
    if (e instanceof UsageError)
      io.err(
        `cobranza-compliance: ${visible(e.message)}\n${e.command ? `Run 'cobranza-compliance ${e.command} --help' for its options.` : "Run 'cobranza-compliance --help' for the commands."}\n`,
      );
    else if (e instanceof ComplianceError && e.code === 'usage')
      io.err(
        `cobranza-compliance: ${visible(e.message)}\nRun 'cobranza-compliance ${argv.find((a) => (COMMANDS as readonly string[]).includes(a)) ?? ''} --help' for its options.\n`.replace(
          "compliance  --help' for its options",
          "compliance --help' for the commands",
        ),
      );
    else if (e instanceof FileError) io.err(`cobranza-compliance: ${visible(e.message)}\n`);
    else if (e instanceof ComplianceError) io.err(`cobranza-compliance: ${e.code}\n${complianceText(e)}\n`);
    else if (isErrnoError(e)) io.err(`cobranza-compliance: ${visible(e.message)}\n`);
    else throw e;
    return 2;
  }
}

/** Options of `audit` that a merge takes from the partials, not from its command line. */
const NOT_FOR_MERGE = [
  ...Object.keys(RULE_OPTIONS).filter((o) => o !== 'help'),
  'input-format',
  'record-history',
  'shard',
  'map',
  'dry-run',
  'sql',
];

/** `audit merge PARTIAL... [--out FILE] [--format F] [--max-listed N]`: the report of the whole log from its shards. */
async function merge(values: Record<string, unknown>, partials: string[], io: MainIo): Promise<number> {
  const given = NOT_FOR_MERGE.filter((o) => values[o] !== undefined);
  if (given.length > 0)
    throw new UsageError(
      `audit merge takes the rules, options and log of the shards from their partial results: --${given[0]} is not an option of merge`,
      'audit',
    );
  if (partials.length === 0)
    throw new UsageError(
      'audit merge takes the partial results of every shard (audit LOG --shard K/N --out shard-K.partial)',
      'audit',
    );
  const { auditMergeCommand } = await import('./auditCommand.js');
  return auditMergeCommand(partials, {
    format: values['format'] as string | undefined,
    out: values['out'] as string | undefined,
    maxListed: values['max-listed'] as string | undefined,
    err: io.err,
    out_: io.out,
    ...(io.outFlushed ? { outFlushed: io.outFlushed } : {}),
  });
}

/**
 * What was asked: `--version`, a help text (`--help`, `help`, `help COMMAND`, `COMMAND --help`), or a
 * command. An unknown command or option is an error with the closest known name (did you mean).
 */
function commandOf(argv: string[]): Command | 'version' | { help: string } {
  const pre = parseArgs({ args: argv, options: ALL_OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const first = pre.positionals[0];
  const known = (c: string | undefined): c is Command => (COMMANDS as readonly string[]).includes(c ?? '');
  const command = known(first) ? first : undefined;
  for (const t of pre.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const allowed = command ? { ...OPTIONS[command], ...GLOBAL_OPTIONS } : ALL_OPTIONS;
    if (t.name in allowed) continue;
    const hint = didYouMean(t.name, Object.keys(allowed));
    const elsewhere = COMMANDS.filter((c) => t.name in OPTIONS[c]);
    throw new UsageError(
      `${command ? `${command} has no option` : 'unknown option'} ${t.rawName}${hint ? ` (did you mean --${hint}?)` : elsewhere.length ? ` (it is an option of ${elsewhere.join(', ')})` : ''}`,
      command,
    );
  }
  if (pre.values['version']) return 'version';
  if (first === 'help') {
    const topic = pre.positionals[1];
    if (topic === undefined) return { help: GLOBAL_USAGE };
    if (!known(topic)) throw new UsageError(`no command ${topic}${hintFor(topic, COMMANDS)}`);
    return { help: COMMAND_USAGE[topic] };
  }
  if (first !== undefined && !command)
    throw new UsageError(`unknown command ${first}${hintFor(first, [...COMMANDS, 'help'])}`);
  if (pre.values['help']) return { help: command ? COMMAND_USAGE[command] : GLOBAL_USAGE };
  if (!command) throw new UsageError('no command given');
  return command;
}

function hintFor(word: string, candidates: readonly string[]): string {
  const hint = didYouMean(word, candidates);
  return hint ? ` (did you mean ${hint}?)` : '';
}

/** The command's own arguments, strictly: a missing value (`--out` at the end) is an error. */
function parseCommand(command: Command, argv: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({
      args: argv,
      options: { ...OPTIONS[command], ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(
        e.message.replace(/^Option '(-\w, )?(--[\w-]+) <value>' argument missing$/, '$2 needs a value'),
        command,
      );
    }
    throw e;
  }
}

function windowsRangeOf(until: string | undefined, days: string | undefined): WindowsRange {
  if ((until === undefined) === (days === undefined))
    throw new UsageError(
      'windows needs --until ISO (an instant with an offset) or --days N, one of the two',
      'windows',
    );
  if (until !== undefined) {
    if (instantMs(until) === undefined)
      throw new UsageError(
        `--until: not an instant with an offset (e.g. 2026-03-27T00:00:00-05:00): ${until}`,
        'windows',
      );
    return { until };
  }
  const n = Number(days);
  if (!/^\d+(\.\d+)?$/.test(days!) || !(n > 0 && n <= MAX_WINDOW_DAYS))
    throw new UsageError(`--days is a number of days from 1 to ${MAX_WINDOW_DAYS}, not ${days}`, 'windows');
  return { days: n };
}

/** `--version`: the tool, and what its decisions rest on (with the rule options given, their ruleset). */
function versionText(checker: Checker): string {
  const p = checker.provenance;
  const tables = p.data.holidays.tables.map((t) => `${t.country} ${t.year} (${t.reference})`).join(', ');
  return [
    `cobranza-compliance ${p.library.version}`,
    `ruleset ${p.rulesetVersion} (${p.options.countries.join(', ')})`,
    `holiday data: date-holidays ${p.data.holidays.dateHolidays}${tables ? `; official tables ${tables}` : ''}`,
    `time zones: tzdata ${p.data.tzdata ?? 'unknown'} (${p.data.runtime})`,
    '',
  ].join('\n');
}

async function checkerOptions(values: Record<string, unknown>): Promise<CheckerOptions> {
  const lang = values['lang'] as string | undefined;
  if (lang !== undefined && lang !== 'es' && lang !== 'en') throw new UsageError('--lang is es or en');
  const dc = values['direct-contact'] as string | undefined;
  if (dc !== undefined && dc !== 'attempt' && dc !== 'two_way')
    throw new UsageError('--direct-contact is attempt or two_way');
  const week = values['week'] as string | undefined;
  if (week !== undefined && week !== 'rolling' && week !== 'calendar')
    throw new UsageError('--week is rolling or calendar');
  const ruleOverrides: Record<string, { enabled?: boolean; severity?: 'block' | 'warn' }> = {};
  for (const o of (values['override'] as string[] | undefined) ?? []) {
    const m = /^([a-z0-9_.]+)=(block|warn|off)$/.exec(o);
    if (!m) throw new UsageError(`--override ${o}: expected RULE_ID=block|warn|off`);
    ruleOverrides[m[1]!] = m[2] === 'off' ? { enabled: false } : { severity: m[2] as 'block' | 'warn' };
  }
  const acknowledgeDeviations = (values['allow-deviation'] as string[] | undefined) ?? [];
  const rulesDir = values['rules'] as string | undefined;
  const loadDir = rulesDir ? (await import('../rules/loadRuleSourcesFromDir.js')).loadRuleSourcesFromDir : undefined;
  let rules: CheckerOptions['rules'];
  try {
    rules = rulesDir && loadDir ? loadDir(rulesDir) : undefined;
  } catch (e) {
    if (isErrnoError(e)) throw new FileError('read', e.path ?? rulesDir!, e);
    throw e;
  }
  return {
    ...(lang ? { language: lang } : {}),
    ...(dc || week ? { frequency: { ...(dc ? { directContact: dc } : {}), ...(week ? { week } : {}) } } : {}),
    ...(Object.keys(ruleOverrides).length ? { ruleOverrides } : {}),
    ...(rules ? { rules } : {}),
    ...(acknowledgeDeviations.length ? { acknowledgeDeviations } : {}),
  } as CheckerOptions;
}

/**
 * The decision log's commands and options, loaded when asked for: a `check` without --decision-log
 * starts without them.
 */
function decisionLogCommands(): Promise<typeof import('./decisionLogCommands.js')> {
  return import('./decisionLogCommands.js');
}

/** --decision-log and the options that go with it (a companion alone is refused by openCliDecisionLog). */
const DECISION_LOG_OPTIONS = ['decision-log', 'durability', 'checkpoints', 'key', 'digests-only', 'origin'];

/** The input of check and windows, read as it comes: standard input (`-`) or a file. */
function inputOf(file: string, io: MainIo): AsyncIterable<string | Uint8Array> {
  if (file === '-') return io.stdinStream ? io.stdinStream() : textChunks(io.stdin);
  return readFileChunks(file);
}

async function* textChunks(text: () => string): AsyncGenerator<string> {
  yield text();
}

/** A file's chunks; a file that cannot be read is `cannot read PATH: …` (before anything is written). */
async function* readFileChunks(path: string): AsyncGenerator<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new FileError('read', path, e);
  }
  try {
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (e) {
        throw new FileError('read', path, e);
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Each line of a message with its control and bidi characters shown (the line breaks between issues kept). */
function visible(message: string): string {
  return message
    .split('\n')
    .map((l) => showInvisible(l, true))
    .join('\n');
}

/** An input or rule error, one line per issue, each line shown with `visible` (a field name may hold a line break). */
function complianceText(e: ComplianceError): string {
  if (e instanceof InputError)
    return e.issues.map((i) => showInvisible(`${e.prefix}${i.path || '(root)'}: ${i.message}`, true)).join('\n');
  if (e instanceof RuleConfigError || e instanceof MappingError)
    return e.problems.map((p) => showInvisible(p, true)).join('\n');
  return visible(e.message);
}
