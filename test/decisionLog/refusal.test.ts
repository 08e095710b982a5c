import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDecisionLog } from '../../src/index.js';
import { allowed } from './_lib/attempts.js';
import { childBundle } from './_lib/childBundle.js';

/**
 * Never an `allow` that was not recorded. These run the library in a child process, where the file
 * system really fails: a file-size limit (RLIMIT_FSIZE: the kernel answers EFBIG, a full disk's
 * behaviour for this process — Node ignores SIGXFSZ), a directory that is read-only for the user the
 * child runs as (`nobody`: root would write anyway), and SIGKILL in the middle of a run.
 */
let bundle: Awaited<ReturnType<typeof childBundle>>;
beforeAll(async () => {
  bundle = await childBundle();
});
afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

const RUN = `
import { createChecker, openDecisionLogSync } from './index.mjs';
const [path, mode, api, count, kill] = process.argv.slice(2);
const attempt = ${JSON.stringify(allowed)};
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
let log;
try {
  log = openDecisionLogSync(path, { durability: mode, batch: { maxEntries: 10, maxDelayMs: 60000 } });
} catch (e) {
  out({ openError: { code: e.code, message: e.message } });
  process.exit(0);
}
const checker = createChecker({ decisionLog: log });
for (let i = 0; i < Number(count); i++) {
  try {
    const d = api === 'async' ? await checker.check({ ...attempt, id: 'a' + i }) : checker.checkSync({ ...attempt, id: 'a' + i });
    out({ returned: d.decisionId, verdict: d.verdict });
  } catch (e) {
    out({ error: { code: e.code, message: e.message } });
  }
  if (kill && i + 1 === Number(kill)) process.kill(process.pid, 'SIGKILL');
}
try { await log.close(); out({ closed: true }); } catch (e) { out({ closeError: e.code }); }
`;

interface Event {
  readonly returned?: string;
  readonly verdict?: string;
  readonly error?: { code: string; message: string };
  readonly openError?: { code: string; message: string };
}

function run(args: string[], prefix: string[] = []): { events: Event[]; status: number | null; signal: string | null } {
  const script = bundle.script('run.mjs', RUN);
  const [command, ...rest] = prefix.length > 0 ? [...prefix, process.execPath] : [process.execPath];
  const r = spawnSync(command!, [...rest, script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const events = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Event);
  return { events, status: r.status, signal: r.signal };
}

const fileIds = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"decision"'))
    .map((l) => (JSON.parse(l) as { decisionId: string }).decisionId);

describe('a log that cannot be written: the check throws, no decision comes back unrecorded', () => {
  for (const api of ['sync', 'async'] as const)
    it(`disk full (file-size limit, EFBIG), ${api === 'sync' ? 'checkSync' : 'check'}`, async () => {
      const path = join(bundle.dir, `full-${api}.jsonl`);
      // 12 kB: the header, the provenance and a few entries fit, then the kernel refuses.
      const { events } = run([path, 'sync', api, '40'], ['prlimit', '--fsize=12288', '--']);
      const returned = events.filter((e) => e.returned).map((e) => e.returned!);
      const errors = events.filter((e) => e.error);
      expect(returned.length).toBeGreaterThan(0);
      expect(errors.length).toBe(40 - returned.length);
      expect(errors[0]!.error).toMatchObject({
        code: 'decision_log_write_failed',
        message: expect.stringMatching(/cannot write the decision log .*EFBIG/),
      });
      // Once failed, every later check fails too (no decision between two failures slips through).
      expect(events.findIndex((e) => e.error)).toBe(returned.length);
      // Every decision that came back is in the log; the log, cut back to its last whole entry, verifies.
      expect(fileIds(path)).toEqual(returned);
      const v = await verifyDecisionLog(path);
      expect(v.ok, JSON.stringify(v.chains[0]?.problems)).toBe(true);
    });

  it('a read-only directory (the child runs as nobody): the log cannot be opened, nothing is judged', () => {
    const dir = join(bundle.dir, 'readonly');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    // As root (CI), the child drops to nobody; any other user cannot write there anyway.
    const asNobody =
      process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const { events } = run([join(dir, 'log.jsonl'), 'sync', 'sync', '3'], asNobody);
    expect(events).toEqual([
      {
        openError: {
          code: 'decision_log_unwritable',
          message: expect.stringMatching(/EACCES.*no decision can be recorded/),
        },
      },
    ]);
  });
});

describe('a crash (SIGKILL): what the durability mode promises', () => {
  it('sync: every decision returned before the kill is in the log', async () => {
    const path = join(bundle.dir, 'kill-sync.jsonl');
    const { events, signal } = run([path, 'sync', 'sync', '100', '25']);
    expect(signal).toBe('SIGKILL');
    const returned = events.map((e) => e.returned!);
    expect(returned).toHaveLength(25);
    expect(fileIds(path)).toEqual(returned);
    expect((await verifyDecisionLog(path)).ok).toBe(true);
  });

  it('batched (10 entries): the log loses at most the 10 of the batch not yet written, never more', async () => {
    const path = join(bundle.dir, 'kill-batched.jsonl');
    const { events, signal } = run([path, 'batched', 'sync', '100', '25']);
    expect(signal).toBe('SIGKILL');
    const returned = events.map((e) => e.returned!);
    const logged = fileIds(path);
    expect(returned).toHaveLength(25);
    expect(logged).toEqual(returned.slice(0, 20));
    expect(returned.length - logged.length).toBeLessThanOrEqual(10);
    const v = await verifyDecisionLog(path);
    expect(v.ok).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('"durability":{"maxDelayMs":60000,"maxEntries":10,"mode":"batched"}');
  });
});
