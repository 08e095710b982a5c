import type { Checker, WindowsRange } from '../check/createChecker.js';
import type { WindowsResult } from '../check/lawfulWindows.js';
import { showInvisible } from '../_lib/showInvisible.js';
import type { Attempt } from '../schema/attempt.js';
import { VERSION } from '../version.js';
import { emitBatch, idText, localText, type BatchExit } from './checkCommand.js';
import { judgeItems, placeText, type Judged } from './judgeItems.js';
import { readAttemptInput } from './readAttemptInput.js';

export interface WindowsCommandOptions {
  readonly format: 'json' | 'jsonl' | 'text' | 'ics';
  readonly range: WindowsRange;
  /** The file's name in errors (`NAME:LINE`). */
  readonly name?: string;
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** Exit 0 instead of 1 when some attempt has no window (bad input is still 2). */
  readonly exitZero?: boolean;
}

/**
 * `windows FILE|- (--until ISO | --days N)`: the lawful windows of each attempt (`checker.windows`),
 * read and written as `check` does (JSON Lines line by line, a bad item's error in its place). Exit 0
 * when every attempt has at least one window, 1 when some attempt has none, 2 when some input was bad.
 */
export async function windowsCommand(
  source: AsyncIterable<string | Uint8Array>,
  checker: Checker,
  options: WindowsCommandOptions,
): Promise<BatchExit> {
  const name = options.name ?? '<stdin>';
  const { shape, items } = await readAttemptInput(source, name);
  let someWithout = false;
  const judged = judgeItems(items, checker, async (a) => {
    const r = await checker.windows(a, options.range);
    if (r.windows.length === 0) someWithout = true;
    return r;
  });
  const { kept, bad, total } = await emitBatch(judged, shape, options, name);
  if (options.format === 'text') options.out(windowsText(kept, name));
  if (options.format === 'ics') options.out(windowsIcs(kept));
  if (bad.count > 0) {
    const inOutput = options.format !== 'ics' && (options.format !== 'json' || shape !== 'object');
    options.err(bad.report(total, shape === 'jsonl' ? 'lines' : 'items', inOutput));
    return 2;
  }
  return someWithout && !options.exitZero ? 1 : 0;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The weekday of a local date "YYYY-MM-DD". */
function weekdayOf(date: string): string {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** A window in the debtor's local time: "Sat 2026-03-21 08:00–15:00", or across days "Sat 2026-03-21 08:00 → Mon 2026-03-23 15:00". */
function spanText(from: string, to: string): string {
  const [fd, ft] = localText(from).split(' ') as [string, string];
  const [td, tt] = localText(to).split(' ') as [string, string];
  const nextDay = new Date(Date.parse(`${fd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (td === fd) return `${weekdayOf(fd)} ${fd} ${ft}–${tt}`;
  if (td === nextDay && tt === '00:00') return `${weekdayOf(fd)} ${fd} ${ft}–24:00`;
  return `${weekdayOf(fd)} ${fd} ${ft} → ${weekdayOf(td)} ${td} ${tt}`;
}

/** `--format text`: per attempt a heading, then one window per line in the debtor's local time. */
export function windowsText(items: readonly Judged<WindowsResult>[], name = '<stdin>'): string {
  const out: string[] = [];
  const results: WindowsResult[] = [];
  items.forEach((j, i) => {
    if (!j.ok) {
      const where = placeText(j.place, name).replace(/: $/, '');
      out.push(`${j.id === null ? where || `#${i + 1}` : idText(j.id, i)}: bad input, not judged`);
      for (const issue of j.error.issues) out.push(`  ${showInvisible(`${issue.path}: ${issue.message}`)}`);
      return;
    }
    const a = j.attempt;
    const r = j.result;
    results.push(r);
    const c = r.context;
    const others = c.candidateTimeZones.filter((z) => z !== c.timeZone);
    out.push(
      `${idText(r.attemptId, i)}: ${a.channel} to ${a.recipient.role} (${a.jurisdiction.country}), ${c.timeZone} local time${others.length ? `, also lawful in ${others.join(', ')}` : ''}; ${localText(c.from)} → ${localText(c.until)}`,
    );
    if (r.windows.length > 0) {
      for (const w of r.windows) out.push(`  ${spanText(w.from, w.to)}`);
    } else if (r.blockedBy.length > 0) {
      out.push('  no lawful window: waiting does not cure');
      for (const f of r.blockedBy) out.push(`    ${f.ruleId}  ${showInvisible(f.message)}`);
    } else {
      out.push('  no lawful window in the range: the hours, holiday and frequency rules hold all of it');
    }
  });
  const none = results.filter((r) => r.windows.length === 0).length;
  const badCount = items.length - results.length;
  out.push(
    (badCount > 0 ? `${badCount} bad input, not judged; ` : '') +
      (none === 0
        ? `every attempt has a lawful window (${results.reduce((n, r) => n + r.windows.length, 0)} windows)`
        : `${none} of ${results.length} attempts have no lawful window`),
  );
  return `${out.join('\n')}\n`;
}

/**
 * `--format ics`: an iCalendar file (RFC 5545), one VEVENT per window, times in UTC (no VTIMEZONE is
 * needed; a calendar shows them in its own zone). Deterministic: DTSTAMP is the attempt's own `at`,
 * never the clock, and each UID is made of the attempt's id and the window's start. Text values are
 * escaped (§3.3.11: backslash, `;`, `,`, line breaks) after every control, bidi and invisible character
 * from the input is shown as ⟨U+XXXX⟩; an id in a UID is percent-encoded; lines are CRLF and folded at
 * 75 octets without splitting a character (§3.1).
 */
export function windowsIcs(items: readonly Judged<WindowsResult>[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//cobranza-compliance//windows ${VERSION}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  items.forEach((j, i) => {
    if (!j.ok) return;
    const a: Attempt = j.attempt;
    const r = j.result;
    const who = r.attemptId === null ? `attempt ${i + 1}` : `attempt ${r.attemptId}`;
    for (const w of r.windows) {
      lines.push(
        'BEGIN:VEVENT',
        `UID:${uidPart(r.attemptId ?? `attempt-${i + 1}`)}-${icsUtc(w.from)}@cobranza-compliance`,
        `DTSTAMP:${icsUtc(a.at)}`,
        `DTSTART:${icsUtc(w.from)}`,
        `DTEND:${icsUtc(w.to)}`,
        `SUMMARY:${icsText(`Lawful window: ${a.channel} to ${a.recipient.role} (${a.jurisdiction.country}), ${who}`)}`,
        `DESCRIPTION:${icsText(`The same attempt would be allowed from ${localText(w.from)} to ${localText(w.to)}, ${r.context.timeZone} local time (half-open: the end is excluded). Rules ${r.ruleset.version}. A window does not count the contact it schedules.`)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
  });
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** An instant as an iCalendar UTC date-time: 20260321T130000Z. */
function icsUtc(iso: string): string {
  return new Date(Date.parse(iso))
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** A TEXT value (RFC 5545 §3.3.11), with the input's invisible characters shown first. */
export function icsText(s: string): string {
  return showInvisible(s).replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** An id inside a UID: letters, digits, `.`, `_` and `-` as they are; every other byte as %XX. */
function uidPart(id: string): string {
  return [...Buffer.from(id, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._-]/.test(String.fromCharCode(b)) && b < 0x80
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Fold a content line at 75 octets (continuations start with a space), never inside a UTF-8 sequence. */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
