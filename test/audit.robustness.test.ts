import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  InputError,
  safeParseAttempt,
  type AuditResult,
  type AuditSummary,
} from '../src/index.js';
import { csvColumns } from '../src/audit/csvColumns.js';
import { attemptArb, clean, fcParams } from './_lib/arbitraries.js';

/**
 * The audit never loses a record: whatever the bytes of the log — cut short, CRLF, a BOM, invalid
 * UTF-8, duplicate ids, records out of order, junk lines, chunk boundaries inside a character — every
 * line is accounted for (`lines = header + blank + record lines`) and every record is either judged
 * or rejected at its line (`records = evaluated + rejected`). For JSON Lines the expected split is
 * computed independently, line by line, with `safeParseAttempt`.
 */
const checker = createChecker();
const loaded = new Set<string>(checker.packs.keys());
const enc = new TextEncoder();
/** UTF-8 as the audit reads it: invalid sequences become U+FFFD, a leading BOM is dropped. */
const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes as Uint8Array<ArrayBuffer>);
const NOW = (): Date => new Date('2026-04-01T00:00:00Z');
type Json = Record<string, unknown>;

interface Audited {
  summary: AuditSummary;
  rejectedLines: number[];
  byId: Map<string, string>;
}

async function collect(result: AuditResult): Promise<Audited> {
  try {
    const rejectedLines: number[] = [];
    for await (const r of result.rejections()) rejectedLines.push(r.line);
    const byId = new Map<string, string>();
    for await (const r of result.records())
      byId.set(
        String(r.decision.attemptId),
        `${r.decision.verdict} ${r.decision.violations.map((v) => v.ruleId).join(',')}`,
      );
    return { summary: result.summary, rejectedLines, byId };
  } finally {
    await result.dispose();
  }
}

/** The log as a stream of byte chunks of the given sizes (a character or a CRLF may straddle two). */
async function auditBytes(bytes: Uint8Array, sizes: readonly number[], format: 'jsonl' | 'csv'): Promise<Audited> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const n = Math.max(1, sizes.length ? sizes[i % sizes.length]! : bytes.length);
      yield bytes.subarray(at, at + n);
      at += n;
    }
  }
  return collect(await auditLog({ stream: chunks(), bytes: bytes.length, format }, { checker, now: NOW }));
}

function expectBalanced(s: AuditSummary): void {
  const a = s.accounting;
  expect(a.balanced).toBe(true);
  expect(a.lines).toBe(a.headerLines + a.blankLines + a.recordLines);
  expect(a.records).toBe(a.evaluated + a.rejected);
  expect(s.totals.records).toBe(a.evaluated);
  expect(s.totals.allowed + s.totals.delayed + s.totals.blocked + s.totals.unverified).toBe(a.evaluated);
}

/** What the audit must make of a JSON Lines log, worked out line by line without it. */
function expectedJsonl(bytes: Uint8Array): {
  lines: number;
  blank: number;
  evaluated: number;
  rejectedLines: number[];
} {
  const parts = decode(bytes).split('\n');
  if (parts.at(-1) === '') parts.pop();
  let blank = 0;
  let evaluated = 0;
  const rejectedLines: number[] = [];
  parts.forEach((raw, i) => {
    let t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && t.startsWith('\uFEFF')) t = t.slice(1);
    if (t.trim() === '') {
      blank++;
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      rejectedLines.push(i + 1);
      return;
    }
    const r = safeParseAttempt(v);
    if (r.success && r.data.debtorId !== undefined && loaded.has(r.data.jurisdiction.country)) evaluated++;
    else rejectedLines.push(i + 1);
  });
  return { lines: parts.length, blank, evaluated, rejectedLines };
}

/** Ids with characters of 2, 3 and 4 UTF-8 bytes, so cuts and chunk edges fall inside characters. */
const idArb = fc
  .tuple(fc.constantFrom('ñandú', 'cobro€', 'deuda😀', 'plain', 'Ω'), fc.nat(99_999))
  .map(([s, n]) => `${s}-${n}`);

/** Records of a log: valid attempts of MX, CO and ES with a debtor from a small pool (so frequency matters). */
const recordArb = fc
  .record({
    a: attemptArb({ history: { maxLength: 2 } }),
    id: idArb,
    debtor: fc.constantFrom('d-1', 'd-2', 'd-3', 'd-4'),
  })
  .map(({ a, id, debtor }) => clean<Json>({ ...a, id, debtorId: debtor }));

type LineEdit =
  | { kind: 'keep' }
  | { kind: 'truncate'; at: number }
  | { kind: 'badUtf8InString'; bytes: number[] }
  | { kind: 'badUtf8Raw'; bytes: number[] }
  | { kind: 'junk'; text: string }
  | { kind: 'blankBefore'; text: string }
  | { kind: 'duplicate' }
  | { kind: 'noDebtor' }
  | { kind: 'crlf' };

const BAD_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0x80],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x28, 0x8c, 0x28],
  [0xc0, 0xaf],
  [0xe2, 0x82],
];
const editArb: fc.Arbitrary<LineEdit> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 1, arbitrary: fc.nat(400).map((at) => ({ kind: 'truncate' as const, at })) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_UTF8).map((bytes) => ({ kind: 'badUtf8InString' as const, bytes })) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_UTF8).map((bytes) => ({ kind: 'badUtf8Raw' as const, bytes })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
      )
      .map((t) => ({ kind: 'junk' as const, text: t.replace(/[\r\n]/g, ' ') })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', '\t', '   \t ').map((text) => ({ kind: 'blankBefore' as const, text })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'noDebtor' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'crlf' as const }) },
);

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Bytes of a JSON Lines log: each record written, then edited. */
function jsonlBytes(
  records: Json[],
  edits: LineEdit[],
  o: { bom: boolean; crlfAll: boolean; trailingNewline: boolean },
): Uint8Array {
  const nl = enc.encode(o.crlfAll ? '\r\n' : '\n');
  const lines: Uint8Array[] = [];
  records.forEach((r, i) => {
    const e = edits[i % edits.length] ?? { kind: 'keep' };
    const text = JSON.stringify(e.kind === 'noDebtor' ? { ...r, debtorId: undefined } : r);
    const bytes = enc.encode(text);
    switch (e.kind) {
      case 'truncate':
        lines.push(bytes.subarray(0, Math.min(e.at, bytes.length - 1)));
        break;
      case 'badUtf8InString': {
        // Inside the id's string value: the decoder makes it U+FFFD, the record stays valid JSON.
        const at = text.indexOf('"id":"') + 6;
        lines.push(concat([enc.encode(text.slice(0, at)), new Uint8Array(e.bytes), enc.encode(text.slice(at))]));
        break;
      }
      case 'badUtf8Raw':
        lines.push(concat([new Uint8Array(e.bytes), bytes]));
        break;
      case 'junk':
        lines.push(enc.encode(e.text));
        break;
      case 'blankBefore':
        lines.push(enc.encode(e.text), bytes);
        break;
      case 'duplicate':
        lines.push(bytes, bytes);
        break;
      case 'crlf':
        lines.push(concat([bytes, enc.encode('\r')]));
        break;
      default:
        lines.push(bytes);
    }
  });
  const body: Uint8Array[] = [];
  lines.forEach((l, i) => {
    body.push(l, ...(i < lines.length - 1 || o.trailingNewline ? [nl] : []));
  });
  return concat([...(o.bom ? [new Uint8Array([0xef, 0xbb, 0xbf])] : []), ...body]);
}

describe('JSON Lines: every line accounted for, whatever the bytes', () => {
  const logArb = fc.record({
    records: fc.array(recordArb, { minLength: 1, maxLength: 25 }),
    edits: fc.array(editArb, { minLength: 1, maxLength: 25 }),
    bom: fc.boolean(),
    crlfAll: fc.boolean(),
    trailingNewline: fc.boolean(),
    // The file cut short at some byte (maybe inside a character), or whole.
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 3 }),
    sizes: fc.oneof(
      fc.constant([] as number[]),
      fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 5 }),
    ),
  });

  it('read = evaluated + rejected, and each line is judged or rejected as it reads on its own', {
    timeout: 300_000,
  }, async () => {
    let rejectedSeen = 0;
    let evaluatedSeen = 0;
    await fc.assert(
      fc.asyncProperty(logArb, async (g) => {
        let bytes = jsonlBytes(g.records, g.edits, g);
        if (g.cut !== undefined) bytes = bytes.subarray(0, Math.floor(g.cut * bytes.length));
        const want = expectedJsonl(bytes);
        const got = await auditBytes(bytes, g.sizes, 'jsonl');
        expectBalanced(got.summary);
        const a = got.summary.accounting;
        expect(a.lines).toBe(want.lines);
        expect(a.headerLines).toBe(0);
        expect(a.blankLines).toBe(want.blank);
        expect(a.recordLines).toBe(a.records);
        expect(a.evaluated).toBe(want.evaluated);
        expect(got.rejectedLines).toEqual(want.rejectedLines);
        rejectedSeen += a.rejected;
        evaluatedSeen += a.evaluated;
      }),
      fcParams(250),
    );
    expect(rejectedSeen).toBeGreaterThan(100);
    expect(evaluatedSeen).toBeGreaterThan(250);
  });

  it('records out of order, duplicate ids: the same decisions as in time order, none dropped', {
    timeout: 300_000,
  }, async () => {
    const arb = fc
      .array(recordArb, { minLength: 2, maxLength: 20 })
      .chain((records) =>
        fc.shuffledSubarray(records, { minLength: records.length }).map((shuffled) => ({ records, shuffled })),
      );
    await fc.assert(
      fc.asyncProperty(arb, async ({ records, shuffled }) => {
        const byTime = [...records].sort((x, y) => Date.parse(x['at'] as string) - Date.parse(y['at'] as string));
        const inOrder = await collect(
          await auditLog({ text: byTime.map((r) => JSON.stringify(r)).join('\n') }, { checker, now: NOW }),
        );
        const outOfOrder = await collect(
          await auditLog({ text: shuffled.map((r) => JSON.stringify(r)).join('\n') }, { checker, now: NOW }),
        );
        expectBalanced(outOfOrder.summary);
        expect(outOfOrder.summary.accounting.evaluated).toBe(records.length);
        expect(outOfOrder.summary.totals).toEqual(inOrder.summary.totals);
        expect(outOfOrder.summary.byRule.map((r) => [r.ruleId, r.records])).toEqual(
          inOrder.summary.byRule.map((r) => [r.ruleId, r.records]),
        );
        expect(outOfOrder.byId).toEqual(inOrder.byId);
        // Every record twice, under the same id: twice the records, each judged.
        const twice = await collect(
          await auditLog(
            { text: [...shuffled, ...shuffled].map((r) => JSON.stringify(r)).join('\n') },
            { checker, now: NOW },
          ),
        );
        expectBalanced(twice.summary);
        expect(twice.summary.accounting.evaluated).toBe(2 * records.length);
      }),
      fcParams(60),
    );
  });

  it('edge files: empty, only blank lines, only a BOM, one line without newline, a lone CR, NUL bytes', async () => {
    const rec = JSON.stringify({ ...fc.sample(recordArb, { seed: 5, numRuns: 1 })[0] });
    const cases: Array<[string, Uint8Array]> = [
      ['empty', new Uint8Array()],
      ['blank lines', enc.encode('\n\n  \n\t\n')],
      ['a BOM', new Uint8Array([0xef, 0xbb, 0xbf])],
      ['a BOM and a record', concat([new Uint8Array([0xef, 0xbb, 0xbf]), enc.encode(rec)])],
      ['one record, no newline', enc.encode(rec)],
      ['CR line ends only (one line)', enc.encode(`${rec}\r${rec}\r`)],
      ['NUL bytes', concat([enc.encode(`${rec}\n`), new Uint8Array([0, 0, 0]), enc.encode(`\n${rec}`)])],
      ['a record split by a newline inside a string', enc.encode(`${rec.slice(0, 20)}\n${rec.slice(20)}`)],
    ];
    for (const [what, bytes] of cases) {
      const want = expectedJsonl(bytes);
      for (const sizes of [[], [1], [2, 3]]) {
        const got = await auditBytes(bytes, sizes, 'jsonl');
        expectBalanced(got.summary);
        expect(got.summary.accounting.lines, what).toBe(want.lines);
        expect(got.summary.accounting.evaluated, what).toBe(want.evaluated);
        expect(got.rejectedLines, what).toEqual(want.rejectedLines);
      }
    }
  });

  it("a line over the audit's line limit is one rejected line; the lines after it are read", {
    timeout: 120_000,
  }, async () => {
    const rec = JSON.stringify(fc.sample(recordArb, { seed: 6, numRuns: 1 })[0]);
    const huge = `{"id":"${'x'.repeat(8_100_000)}"}`;
    const got = await collect(await auditLog({ text: `${rec}\n${huge}\n${rec}\n` }, { checker, now: NOW }));
    expectBalanced(got.summary);
    expect(got.summary.accounting.records).toBe(3);
    expect(got.summary.accounting.evaluated).toBe(2);
    expect(got.rejectedLines).toEqual([2]);
  });
});

describe('CSV: every line accounted for', () => {
  /** A CSV cell (RFC 4180). */
  const cell = (v: string): string => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  const valueAt = (a: Json, path: readonly string[]): unknown =>
    path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], a);
  function toCsv(records: Json[], nl: string): string {
    const cols = csvColumns.filter((c) => c.name !== 'history');
    const rows = records.map((r) =>
      cols
        .map((c) => {
          const v = valueAt(r, c.path);
          if (v === undefined) return '';
          if (c.kind === 'list') return cell((v as string[]).join('|'));
          if (c.kind === 'json') return cell(JSON.stringify(v));
          return cell(String(v));
        })
        .join(','),
    );
    return [cols.map((c) => c.name).join(','), ...rows].join(nl);
  }

  const csvArb = fc.record({
    records: fc.array(recordArb, { minLength: 1, maxLength: 20 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    cut: fc.option(fc.double({ min: 0.3, max: 1, noNaN: true }), { nil: undefined, freq: 3 }),
    junk: fc.array(
      fc.tuple(fc.nat(25), fc.constantFrom('', '   ', 'a,b', '"unclosed', 'x'.repeat(50), '\uFFFD\uFFFD', ',,,,')),
      { maxLength: 3 },
    ),
    badBytes: fc.option(fc.constantFrom(...BAD_UTF8), { nil: undefined }),
    sizes: fc.oneof(
      fc.constant([] as number[]),
      fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 5 }),
    ),
  });

  it('lines = header + blank + record lines, records = evaluated + rejected; an intact log is judged whole', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(csvArb, async (g) => {
        const nl = g.crlf ? '\r\n' : '\n';
        const lines = toCsv(g.records, nl).split(nl);
        for (const [at, text] of g.junk) lines.splice(1 + (at % lines.length), 0, text);
        const header = enc.encode(`${g.bom ? '\uFEFF' : ''}${lines[0]}${nl}`);
        let body: Uint8Array = enc.encode(lines.slice(1).join(nl));
        // Damage after the header (a header that cannot be read stops the audit: tested below).
        if (g.badBytes)
          body = concat([
            body.subarray(0, body.length >> 1),
            new Uint8Array(g.badBytes),
            body.subarray(body.length >> 1),
          ]);
        if (g.cut !== undefined) body = body.subarray(0, Math.floor(g.cut * body.length));
        const bytes = concat([header, body]);
        const got = await auditBytes(bytes, g.sizes, 'csv');
        expectBalanced(got.summary);
        const text = decode(bytes).replace(/\r\n/g, '\n');
        const physical = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        expect(got.summary.accounting.lines).toBe(physical);
        expect(got.summary.accounting.headerLines).toBe(1);
        expect(new Set(got.rejectedLines).size).toBe(got.rejectedLines.length);
        for (const l of got.rejectedLines) expect(l).toBeGreaterThan(1);
        if (g.junk.length === 0 && g.badBytes === undefined && g.cut === undefined) {
          expect(got.summary.accounting.rejected).toBe(0);
          expect(got.summary.accounting.evaluated).toBe(g.records.length);
        }
      }),
      fcParams(150),
    );
  });

  it('a header cut short or with invalid bytes stops the audit with an InputError naming the column (no partial report)', async () => {
    const text = toCsv(fc.sample(recordArb, { seed: 8, numRuns: 3 }), '\n');
    const headerEnd = text.indexOf('\n');
    const bytes = enc.encode(text);
    for (const broken of [
      concat([bytes.subarray(0, 30), new Uint8Array([0xff]), bytes.subarray(30)]),
      concat([bytes.subarray(0, headerEnd - 3), enc.encode('\n'), bytes.subarray(headerEnd + 1)]),
    ]) {
      await expect(auditBytes(broken, [5], 'csv')).rejects.toThrow(InputError);
      await expect(auditBytes(broken, [5], 'csv')).rejects.toThrow(/header column/);
    }
  });

  it('the same records give the same decisions in CSV (CRLF, BOM) and in JSON Lines', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 15 }), fc.boolean(), async (records, crlf) => {
        const plain = records.map((r) => clean<Json>({ ...r, history: undefined }));
        const fromCsv = await auditBytes(enc.encode(`\uFEFF${toCsv(plain, crlf ? '\r\n' : '\n')}`), [7], 'csv');
        const fromJsonl = await collect(
          await auditLog({ text: plain.map((r) => JSON.stringify(r)).join('\n') }, { checker, now: NOW }),
        );
        expectBalanced(fromCsv.summary);
        expect(fromCsv.summary.accounting.evaluated).toBe(records.length);
        expect(fromCsv.summary.totals).toEqual(fromJsonl.summary.totals);
        expect(fromCsv.byId).toEqual(fromJsonl.byId);
      }),
      fcParams(60),
    );
  });
});
