import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createChecker, type CheckerOptions } from '../check/createChecker.js';
import { showInvisible } from '../_lib/showInvisible.js';
import { ComplianceError, InputError, RuleConfigError } from '../errors.js';
import { Countries, type Country } from '../schema/enums.js';
import { checkCommand } from './checkCommand.js';
import { rulesCommand } from './rulesCommand.js';
import { auditCommand } from './auditCommand.js';
import { FileError, isErrnoError } from './fileError.js';

const USAGE = `usage:
  cobranza-compliance check FILE|-            judge attempts (JSON object, array or JSON Lines)
  cobranza-compliance audit LOG [--format json|csv|md|html] [--out FILE]
        [--input-format jsonl|csv] [--record-history ignore|merge] [--max-listed N]
                                              judge a contact log (JSON Lines or CSV); see docs/audit.md
  cobranza-compliance rules [--country MX|CO|ES] [--format md|json]
options:
  --lang es|en                 language of messages (default en)
  --rules DIR                  rule files to use instead of the shipped ones
  --direct-contact attempt|two_way   what counts as a contact (default attempt)
  --week rolling|calendar      what a week is for frequency rules (default rolling)
  --override RULE=block|warn|off     change a rule's severity or turn it off (repeatable)
  --allow-deviation ID         accept a loosening of a shipped statutory rule (a rule id, or CC.calendar)
                               by --rules or --override; listed in every decision and report (repeatable)
exit: 0 all allowed, 1 some not allowed (audit: or some line rejected), 2 bad input or usage`;

class UsageError extends Error {}

export async function main(
  argv: string[],
  io: { stdin: () => string; out: (s: string) => void; err: (s: string) => void; errIsTTY?: boolean; errColumns?: number },
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        country: { type: 'string' },
        lang: { type: 'string' },
        rules: { type: 'string' },
        'direct-contact': { type: 'string' },
        week: { type: 'string' },
        override: { type: 'string', multiple: true },
        'allow-deviation': { type: 'string', multiple: true },
        'input-format': { type: 'string' },
        'record-history': { type: 'string' },
        'max-listed': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, file, ...rest] = positionals;
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (!command) throw new UsageError('no command');
    const options = await checkerOptions(values);
    const checker = createChecker(options);
    switch (command) {
      case 'check': {
        if (!file || rest.length > 0) throw new UsageError('check takes one FILE or -');
        const { stdout, exitCode } = await checkCommand(file === '-' ? io.stdin() : readText(file), checker);
        io.out(stdout);
        return exitCode;
      }
      case 'audit': {
        if (!file || rest.length > 0) throw new UsageError('audit takes one LOG file');
        return await auditCommand(file, checker, {
          format: values.format, out: values.out, inputFormat: values['input-format'], recordHistory: values['record-history'],
          maxListed: values['max-listed'], err: io.err, out_: io.out, errIsTTY: io.errIsTTY === true, ...(io.errColumns ? { errColumns: io.errColumns } : {}),
        });
      }
      case 'rules': {
        if (file) throw new UsageError('rules takes no file');
        const country = values.country?.toUpperCase();
        if (country !== undefined && !(Countries as readonly string[]).includes(country)) throw new UsageError(`--country must be one of ${Countries.join(', ')}`);
        const format = values.format ?? 'md';
        if (format !== 'md' && format !== 'json') throw new UsageError('--format for rules is md or json');
        io.out(rulesCommand(checker, { ...(country ? { country: country as Country } : {}), format, language: options.language ?? 'en' }));
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (e) {
    // Messages quote the input (a field name, a file name): control characters are shown, not sent to the terminal.
    if (e instanceof UsageError) io.err(`cobranza-compliance: ${visible(e.message)}\n${USAGE}\n`);
    else if (e instanceof FileError) io.err(`cobranza-compliance: ${visible(e.message)}\n`);
    else if (e instanceof ComplianceError) io.err(`cobranza-compliance: ${e.code}\n${complianceText(e)}\n`);
    else if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) io.err(`cobranza-compliance: ${visible(e.message)}\n${USAGE}\n`);
    else if (isErrnoError(e)) io.err(`cobranza-compliance: ${visible(e.message)}\n`);
    else throw e;
    return 2;
  }
}

async function checkerOptions(values: Record<string, unknown>): Promise<CheckerOptions> {
  const lang = values['lang'] as string | undefined;
  if (lang !== undefined && lang !== 'es' && lang !== 'en') throw new UsageError('--lang is es or en');
  const dc = values['direct-contact'] as string | undefined;
  if (dc !== undefined && dc !== 'attempt' && dc !== 'two_way') throw new UsageError('--direct-contact is attempt or two_way');
  const week = values['week'] as string | undefined;
  if (week !== undefined && week !== 'rolling' && week !== 'calendar') throw new UsageError('--week is rolling or calendar');
  const ruleOverrides: Record<string, { enabled?: boolean; severity?: 'block' | 'warn' }> = {};
  for (const o of (values['override'] as string[] | undefined) ?? []) {
    const m = /^([a-z0-9_.]+)=(block|warn|off)$/.exec(o);
    if (!m) throw new UsageError(`--override ${o}: expected RULE_ID=block|warn|off`);
    ruleOverrides[m[1]!] = m[2] === 'off' ? { enabled: false } : { severity: m[2] as 'block' | 'warn' };
  }
  const acknowledgeDeviations = (values['allow-deviation'] as string[] | undefined) ?? [];
  const rulesDir = values['rules'] as string | undefined;
  const loadDir = rulesDir ? (await import('../rules/loadRuleSourcesFromDir.js')).loadRuleSourcesFromDir : undefined;
  let rules;
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

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileError('read', path, e);
  }
}

/** Each line of a message with its control and bidi characters shown (the line breaks between issues kept). */
function visible(message: string): string {
  return message.split('\n').map((l) => showInvisible(l, true)).join('\n');
}

/** An input or rule error, one line per issue, each line shown with `visible` (a field name may hold a line break). */
function complianceText(e: ComplianceError): string {
  if (e instanceof InputError) return e.issues.map((i) => showInvisible(`${e.prefix}${i.path || '(root)'}: ${i.message}`, true)).join('\n');
  if (e instanceof RuleConfigError) return e.problems.map((p) => showInvisible(p, true)).join('\n');
  return visible(e.message);
}
