import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { connect } from '../../src/decisionLog/postgresTables.js';
import {
  createChecker,
  generateNoteKey,
  openDecisionLog,
  proveDecision,
  verifyDecisionLog,
  verifyInclusionProof,
} from '../../src/index.js';
import { allowed, early, reference } from './_lib/attempts.js';

/**
 * The PostgreSQL decision log against a real server (never a mock): `.ci/run` installs Debian's
 * postgresql, starts a cluster on loopback and sets COBRANZA_TEST_PG. Without it these tests are
 * skipped, and say so.
 */
const url = process.env['COBRANZA_TEST_PG'];
if (!url)
  console.warn(
    '\n*** test/decisionLog/postgres.test.ts SKIPPED: COBRANZA_TEST_PG is not set (a postgres:// URL of a throwaway database; .ci/run sets it) ***\n',
  );

/** Every run in a schema of its own, dropped at the end (DROP is not UPDATE or DELETE: the triggers allow it). */
const schema = `dl_test_${randomBytes(4).toString('hex')}`;

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = await connect(url!);
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => '',
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

describe('the PostgreSQL tests run in CI', () => {
  it('.ci/run starts PostgreSQL and sets COBRANZA_TEST_PG before npm test', () => {
    const ci = readFileSync(join(import.meta.dirname, '..', '..', '.ci', 'run'), 'utf8');
    const start = ci.indexOf('scripts/start-test-postgres.sh');
    expect(start).toBeGreaterThan(0);
    expect(ci.indexOf('export COBRANZA_TEST_PG=')).toBeGreaterThan(start);
    expect(ci.search(/^[^#\n]*npm test/m)).toBeGreaterThan(ci.indexOf('export COBRANZA_TEST_PG='));
  });

  it('under CI they are never skipped', () => {
    if (process.env['CI'] === 'true')
      expect(url, 'CI=true but COBRANZA_TEST_PG is not set').toMatch(/^postgres(ql)?:\/\//);
    else expect(process.env['CI']).not.toBe('true');
  });
});

describe.skipIf(!url)('PostgreSQL decision log (COBRANZA_TEST_PG)', () => {
  const key = generateNoteKey('example.com/agency');
  let origins: string[] = [];

  beforeAll(async () => {
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
  afterAll(async () => {
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('records every decision through check before returning it; checkSync is refused', async () => {
    const log = await openDecisionLog(url!, { schema, key: key.signerKey, origin: 'example.com/agency/writer-a' });
    const checker = createChecker({ decisionLog: log });
    const d1 = await checker.check(allowed);
    // Committed before it was returned (sync mode): another connection sees it now.
    expect(await sql(`SELECT decision_id FROM ${schema}.decision_log_entries`)).toEqual([
      { decision_id: d1.decisionId },
    ]);
    expect(() => checker.checkSync(early)).toThrow(
      expect.objectContaining({ code: 'decision_log_async_only', message: expect.stringMatching(/use check/) }),
    );
    const more = await Promise.all([early, reference, allowed].map((a, i) => checker.check({ ...a, id: `p${i}` })));
    await log.close();
    const rows = await sql<{ seq: string; decision_id: string }>(
      `SELECT seq, decision_id FROM ${schema}.decision_log_entries ORDER BY seq`,
    );
    expect(rows.map((r) => r.decision_id)).toEqual([d1, ...more].map((d) => d.decisionId));
    expect(log.location).not.toMatch(/cobranza_test@|:cobranza_test@/); // no password shown
    const v = await verifyDecisionLog(url!, { schema, keys: [key.verifierKey] });
    expect(v.ok, JSON.stringify(v)).toBe(true);
    expect(v.chains).toHaveLength(1);
    expect(v.chains[0]).toMatchObject({
      origin: 'example.com/agency/writer-a',
      entries: 4,
      entriesAfterLastCheckpoint: 0,
    });
    origins = ['example.com/agency/writer-a'];
  });

  it('the tables are append-only: UPDATE, DELETE and TRUNCATE refused by a trigger', async () => {
    for (const statement of [
      `UPDATE ${schema}.decision_log_entries SET body = body`,
      `DELETE FROM ${schema}.decision_log_entries`,
      `TRUNCATE ${schema}.decision_log_entries CASCADE`,
      `UPDATE ${schema}.decision_log_attempts SET attempt = '{}'`,
      `DELETE FROM ${schema}.decision_log_checkpoints`,
      `UPDATE ${schema}.decision_log_provenance SET provenance = '{}'`,
    ])
      await expect(sql(statement), statement).rejects.toThrow(/append-only|never changed, only erased/);
  });

  it('an attempt erased (its row deleted, the erasure recorded) leaves the log verifying', async () => {
    const [row] = await sql<{ decision_id: string }>(
      `SELECT decision_id FROM ${schema}.decision_log_entries ORDER BY seq LIMIT 1`,
    );
    await sql(`DELETE FROM ${schema}.decision_log_attempts WHERE decision_id = $1`, [row!.decision_id]);
    await sql(`INSERT INTO ${schema}.decision_log_erasures VALUES ($1, now(), 'erasure request')`, [row!.decision_id]);
    const v = await verifyDecisionLog(url!, { schema, keys: [key.verifierKey] });
    expect(v.ok).toBe(true);
    expect(v.chains[0]!.attempts).toMatchObject({ kept: 3, erased: 1 });
  });

  it('several writers at once, each its own chain (origin); a second writer of one origin is refused', async () => {
    const logs = await Promise.all(
      ['b', 'c'].map((w) =>
        openDecisionLog(url!, { schema, key: key.signerKey, durability: 'batched', batch: { maxEntries: 50 } }).then(
          (l) => ({ w, l }),
        ),
      ),
    );
    const holder = await openDecisionLog(url!, { schema, origin: 'example.com/agency/writer-d' });
    await expect(openDecisionLog(url!, { schema, origin: 'example.com/agency/writer-d' })).rejects.toMatchObject({
      code: 'decision_log_locked',
    });
    await holder.close();
    const ids = await Promise.all(
      logs.map(async ({ l }) => {
        const checker = createChecker({ decisionLog: l });
        const out: string[] = [];
        for (let i = 0; i < 120; i++)
          out.push((await checker.check({ ...allowed, id: `${l.origin}-${i}` })).decisionId!);
        await l.close();
        return out;
      }),
    );
    expect(new Set(ids.flat()).size).toBe(240);
    const v = await verifyDecisionLog(url!, { schema, keys: [key.verifierKey] });
    expect(v.ok, JSON.stringify(v.chains.map((c) => c.problems))).toBe(true);
    const byOrigin = new Map(v.chains.map((c) => [c.origin, c.entries]));
    for (const { l } of logs) expect(byOrigin.get(l.origin)).toBe(120);
    expect(byOrigin.get('example.com/agency/writer-a')).toBe(4);
    origins = v.chains.map((c) => c.origin);
  });

  it('a lost connection: the check throws, no decision comes back unrecorded, and every later check fails', async () => {
    const log = await openDecisionLog(url!, { schema, origin: 'example.com/agency/writer-e' });
    const checker = createChecker({ decisionLog: log });
    await checker.check(allowed);
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'cobranza-compliance decision log' AND pid <> pg_backend_pid()`,
    );
    await expect(checker.check(allowed)).rejects.toMatchObject({ code: 'decision_log_write_failed' });
    await expect(checker.check(allowed)).rejects.toMatchObject({ code: 'decision_log_write_failed' });
    await expect(log.close()).rejects.toMatchObject({ code: 'decision_log_write_failed' });
    const rows = await sql(`SELECT 1 FROM ${schema}.decision_log_entries WHERE origin = 'example.com/agency/writer-e'`);
    expect(rows).toHaveLength(1);
  });

  it('a writer that opens its origin again goes on with the same chain', async () => {
    const log = await openDecisionLog(url!, { schema, key: key.signerKey, origin: 'example.com/agency/writer-a' });
    const d = await createChecker({ decisionLog: log }).check(early);
    await log.close();
    expect(d.decisionId).toMatch(/-4$/);
    expect((await verifyDecisionLog(url!, { schema, keys: [key.verifierKey] })).ok).toBe(true);
  });

  it('verify-log and prove from the command line; a proof checked without the database', async () => {
    const r = await run(['verify-log', `${url!}${url!.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    for (const o of origins) expect(r.stdout).toContain(`origin ${o}:`);
    const [row] = await sql<{ decision_id: string }>(
      `SELECT decision_id FROM ${schema}.decision_log_entries WHERE origin = 'example.com/agency/writer-a' AND seq = 2`,
    );
    const proof = await proveDecision(url!, row!.decision_id, { schema });
    expect(proof).toMatchObject({ origin: 'example.com/agency/writer-a', leafIndex: 2, treeSize: 5 });
    expect(verifyInclusionProof(proof, { keys: [key.verifierKey] }).ok).toBe(true);
  });

  it('a row changed behind the triggers (disabled by the owner) is caught, naming the entry', async () => {
    await sql(`ALTER TABLE ${schema}.decision_log_entries DISABLE TRIGGER USER`);
    await sql(
      `UPDATE ${schema}.decision_log_entries SET body = replace(body, '"verdict":"delay"', '"verdict":"allow"')
        WHERE origin = 'example.com/agency/writer-a' AND seq = 1`,
    );
    await sql(`DELETE FROM ${schema}.decision_log_attempts WHERE decision_id IN
      (SELECT decision_id FROM ${schema}.decision_log_entries WHERE origin = 'example.com/agency/writer-a' AND seq = 3)`);
    await sql(`DELETE FROM ${schema}.decision_log_entries WHERE origin = 'example.com/agency/writer-a' AND seq = 3`);
    await sql(`ALTER TABLE ${schema}.decision_log_entries ENABLE TRIGGER USER`);
    const v = await verifyDecisionLog(url!, { schema, keys: [key.verifierKey] });
    expect(v.ok).toBe(false);
    const a = v.chains.find((c) => c.origin === 'example.com/agency/writer-a')!;
    expect(a.problems[0]).toMatchObject({ code: 'entry_changed', seq: 1 });
    expect(a.problems.map((p) => p.code)).toContain('entry_missing');
    // The other writers' chains are unaffected.
    expect(v.chains.filter((c) => c.origin !== 'example.com/agency/writer-a').every((c) => c.ok)).toBe(true);
  });
});
