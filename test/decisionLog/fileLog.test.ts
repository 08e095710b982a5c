import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  ComplianceError,
  createChecker,
  type DecisionEntry,
  generateNoteKey,
  openDecisionLog,
  openDecisionLogSync,
  parseAttempt,
  verifyDecisionLog,
} from '../../src/index.js';
import { allowed, early, fixedClock, reference } from './_lib/attempts.js';

const work = mkdtempSync(join(tmpdir(), 'cc-dl-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(work, `log-${++n}.jsonl`);

function lines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
const entries = (path: string) => lines(path).filter((l) => l['type'] === 'decision') as unknown as DecisionEntry[];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('every decision is recorded before it is returned', () => {
  it('checkSync and check append one entry each, and return its decisionId', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path, { clock: fixedClock() });
    const checker = createChecker({ decisionLog: log });
    const d1 = checker.checkSync(allowed);
    // Durable before return (sync mode): the entry is in the file now, before close.
    expect(entries(path).map((e) => e.decisionId)).toEqual([d1.decisionId]);
    const d2 = await checker.check(early);
    const d3 = checker.checkAttemptSync(parseAttempt(reference));
    const d4 = await checker.checkAttempt(parseAttempt(allowed));
    expect(entries(path).map((e) => e.decisionId)).toEqual([d1, d2, d3, d4].map((d) => d.decisionId));
    await log.close();
    expect(new Set([d1, d2, d3, d4].map((d) => d.decisionId)).size).toBe(4);
    expect(Object.keys(d1).slice(0, 2)).toEqual(['attemptId', 'decisionId']);
    expect((await verifyDecisionLog(path)).ok).toBe(true);
  });

  it('an entry holds what the decision says: verdict, rule ids, nextAllowedAt, ruleset, keys, the digest of the attempt', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path, { clock: () => Date.parse('2026-03-02T11:30:00Z') });
    const checker = createChecker({ decisionLog: log });
    const delay = checker.checkSync(early);
    checker.checkSync(reference);
    await log.close();
    const [e1, e2] = entries(path);
    expect(delay.verdict).toBe('delay');
    expect(e1).toMatchObject({
      seq: 0,
      decisionId: delay.decisionId,
      decidedAt: '2026-03-02T11:30:00.000Z',
      verdict: 'delay',
      violations: delay.violations.map((v) => v.ruleId),
      warnings: delay.warnings.map((w) => w.ruleId),
      nextAllowedAt: delay.nextAllowedAt,
      ruleset: { version: checker.version },
      keys: {
        attemptId: 'early-1',
        debtorId: 'deudor-1',
        creditorId: 'banco-1',
        country: 'CO',
        channel: 'call',
        recipientRole: 'debtor',
        at: '2026-03-02T06:30:00-05:00',
      },
      provenance: { durability: { mode: 'sync' }, attempts: 'kept' },
    });
    // The attempt as validated (defaults applied) is kept, and the digest is of its canonical JSON.
    expect(e1!.attempt).toEqual(JSON.parse(JSON.stringify(parseAttempt(early))));
    expect(e1!.inputDigest).toBe(sha256(canonicalJson(parseAttempt(early))));
    expect(e2).toMatchObject({ seq: 1, verdict: 'block', prevHash: e1!.hash, nextAllowedAt: null });
    expect(e2!.violations).toContain('co.ley2300.art4.no_references');
    // The hash covers every field but attempt, hash and erased, in RFC 8785 canonical JSON.
    const { attempt: _a, hash, ...hashed } = e2!;
    expect(sha256(canonicalJson(hashed))).toBe(hash);
    // The checker's provenance is written once, and each entry names it by digest.
    const prov = lines(path).filter((l) => l['type'] === 'provenance');
    expect(prov).toHaveLength(1);
    expect(prov[0]!['provenance']).toEqual(JSON.parse(JSON.stringify(checker.provenance)));
    expect(e1!.provenance.checker).toBe(prov[0]!['digest']);
  });

  it('digests only: no attempt is written, the matching keys and the digest are', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path, { attempts: 'digest' });
    const d = createChecker({ decisionLog: log }).checkSync(allowed);
    await log.close();
    const [e] = entries(path);
    expect(e!.attempt).toBeUndefined();
    expect(readFileSync(path, 'utf8')).not.toContain('identityVerified');
    expect(e).toMatchObject({
      decisionId: d.decisionId,
      keys: { debtorId: 'deudor-1' },
      provenance: { attempts: 'digest' },
    });
    const v = await verifyDecisionLog(path);
    expect(v.ok).toBe(true);
    expect(v.chains[0]!.attempts).toEqual({ kept: 0, digestOnly: 1, erased: 0 });
  });

  it('a log opened again goes on with the same chain: seq, origin and tree continue', async () => {
    const path = fresh();
    const key = generateNoteKey('example.com/agency/dialer-1');
    let log = openDecisionLogSync(path, { key: key.signerKey });
    createChecker({ decisionLog: log }).checkSync(allowed);
    await log.close();
    log = openDecisionLogSync(path, { key: key.signerKey });
    const d = createChecker({ decisionLog: log }).checkSync(early);
    await log.close();
    expect(entries(path).map((e) => e.seq)).toEqual([0, 1]);
    expect(log.origin).toBe('example.com/agency/dialer-1');
    expect(d.decisionId).toBe(entries(path)[1]!.decisionId);
    const v = await verifyDecisionLog(path, { keys: [key.verifierKey] });
    expect(v.ok).toBe(true);
    expect(v.chains[0]).toMatchObject({ entries: 2, checkpoints: 2, entriesAfterLastCheckpoint: 0 });
    // Another origin for an existing log is refused.
    expect(() => openDecisionLogSync(path, { origin: 'example.com/other' })).toThrow(
      /is the log of example.com\/agency/,
    );
  });

  it('writes a checkpoint every N entries and on close, and keeps the latest in --checkpoints', async () => {
    const path = fresh();
    const cp = join(work, `cp-${n}.txt`);
    const key = generateNoteKey('example.com/cp');
    const log = openDecisionLogSync(path, { key: key.signerKey, checkpoints: cp, checkpointEvery: { entries: 2 } });
    const checker = createChecker({ decisionLog: log });
    for (let i = 0; i < 5; i++) checker.checkSync({ ...allowed, id: `a${i}` });
    expect(readFileSync(cp, 'utf8').split('\n')[1]).toBe('4');
    await log.close();
    const notes = lines(path)
      .filter((l) => l['type'] === 'checkpoint')
      .map((l) => String(l['note']).split('\n')[1]);
    expect(notes).toEqual(['2', '4', '5']);
    expect(readFileSync(cp, 'utf8')).toMatch(/^example\.com\/cp\n5\n[A-Za-z0-9+/]{43}=\n\n— example\.com\/cp /);
    const v = await verifyDecisionLog(path, {
      keys: [key.verifierKey],
      checkpoints: [{ source: cp, note: readFileSync(cp, 'utf8') }],
    });
    expect(v.ok).toBe(true);
    expect(v.chains[0]!.external).toHaveLength(1);
    expect(v.chains[0]!.external[0]!.agrees).toBe(true);
  });
});

describe('one writer per file', () => {
  it('a second writer is refused, naming the one that holds the lock; the lock goes on close', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path);
    expect(() => openDecisionLogSync(path)).toThrow(
      expect.objectContaining({
        code: 'decision_log_locked',
        message: expect.stringContaining(`process ${process.pid}`),
      }),
    );
    await expect(openDecisionLog(path)).rejects.toMatchObject({ code: 'decision_log_locked' });
    await log.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    const again = openDecisionLogSync(path);
    await again.close();
  });

  it('a stale lock (its process on this host is gone) is taken over; a live one never', async () => {
    const path = fresh();
    const { hostname } = await import('node:os');
    // A pid that cannot be running: above the kernel's pid_max (at most 4194304).
    writeFileSync(`${path}.lock`, `99999999 ${hostname()}\n`);
    const log = openDecisionLogSync(path);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    await log.close();
    // pid 1 runs: never stale. Another host: never taken either.
    writeFileSync(`${path}.lock`, `1 ${hostname()}\n`);
    expect(() => openDecisionLogSync(path)).toThrow(/process 1 on/);
    writeFileSync(`${path}.lock`, '99999999 another-host\n');
    expect(() => openDecisionLogSync(path)).toThrow(/remove .*\.lock by hand/);
    rmSync(`${path}.lock`);
  });
});

describe('a crash in the middle of a write', () => {
  it('an incomplete last line is cut when the log is opened again, and a recovery line says what was cut', async () => {
    const path = fresh();
    let log = openDecisionLogSync(path);
    createChecker({ decisionLog: log }).checkSync(allowed);
    await log.close();
    const torn = '{"type":"decision","seq":1,"decisionId":"x-1","decid';
    appendFileSync(path, torn);
    const before = await verifyDecisionLog(path);
    expect(before.ok).toBe(false);
    expect(before.chains[0]!.problems[0]).toMatchObject({ code: 'torn_line' });
    log = openDecisionLogSync(path);
    const d = createChecker({ decisionLog: log }).checkSync(early);
    await log.close();
    const recovery = lines(path).find((l) => l['type'] === 'recovery');
    expect(recovery).toMatchObject({ droppedBytes: torn.length, droppedSha256: sha256(torn) });
    expect(entries(path).map((e) => e.decisionId)).toContain(d.decisionId);
    const after = await verifyDecisionLog(path);
    expect(after.ok).toBe(true);
    expect(after.chains[0]!.notes.join('\n')).toMatch(/incomplete last line/);
  });

  it('a log that does not verify is never appended to', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path);
    createChecker({ decisionLog: log }).checkSync(allowed);
    await log.close();
    writeFileSync(path, readFileSync(path, 'utf8').replace('"verdict":"allow"', '"verdict":"block"'));
    expect(() => openDecisionLogSync(path)).toThrow(
      expect.objectContaining({ code: 'decision_log_corrupt', message: expect.stringMatching(/seq 0.*changed after/) }),
    );
  });
});

describe('batched durability', () => {
  it('states its bound in every entry, and writes the batch at maxEntries, on a timer, and on close', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path, { durability: 'batched', batch: { maxEntries: 3, maxDelayMs: 50 } });
    const checker = createChecker({ decisionLog: log });
    checker.checkSync(allowed);
    checker.checkSync(early);
    expect(entries(path)).toHaveLength(0); // waiting in the batch
    checker.checkSync(reference); // the third: the batch is written
    expect(entries(path)).toHaveLength(3);
    await checker.check(allowed);
    expect(entries(path)).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 120)); // maxDelayMs later, the timer has written it
    expect(entries(path)).toHaveLength(4);
    checker.checkSync(allowed);
    await log.close();
    expect(entries(path)).toHaveLength(5);
    expect(entries(path)[0]!.provenance.durability).toEqual({ mode: 'batched', maxEntries: 3, maxDelayMs: 50 });
    expect((await verifyDecisionLog(path)).ok).toBe(true);
  });

  it('concurrent checks in sync mode share one flush, each resolved once it is on disk', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path);
    const checker = createChecker({ decisionLog: log });
    const ds = await Promise.all(Array.from({ length: 50 }, (_, i) => checker.check({ ...allowed, id: `c${i}` })));
    expect(entries(path).map((e) => e.decisionId)).toEqual(ds.map((d) => d.decisionId));
    await log.close();
  });
});

describe('misuse', () => {
  it('a decisionLog that is not a log opened by the library is refused when the checker is built', () => {
    expect(() => createChecker({ decisionLog: { append: () => undefined } as never })).toThrow(
      /decisionLog: expected a decision log opened by openDecisionLog/,
    );
  });

  it('a closed log refuses to record: the check throws, no decision comes back', async () => {
    const path = fresh();
    const log = openDecisionLogSync(path);
    const checker = createChecker({ decisionLog: log });
    await log.close();
    expect(() => checker.checkSync(allowed)).toThrow(ComplianceError);
    await expect(checker.check(allowed)).rejects.toMatchObject({ code: 'decision_log_closed' });
  });

  it('options are checked: a misspelt one, batch bounds out of range', () => {
    expect(() => openDecisionLogSync(fresh(), { durabilty: 'sync' } as never)).toThrow(/durabilty: unknown option/);
    expect(() => openDecisionLogSync(fresh(), { durability: 'batched', batch: { maxEntries: 0 } })).toThrow(
      /batch.maxEntries/,
    );
  });
});
