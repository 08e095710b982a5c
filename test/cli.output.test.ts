import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

/**
 * Issue 10, item 6: `--out` is safe. The input log, a FIFO, a device, a socket, a directory and a symbolic link
 * are refused before any work is done; an existing file keeps its mode; an unwritable target is found
 * before the audit starts; the report is written atomically (a temporary file beside it, renamed), so
 * a failure leaves the target as it was and no temporary file; failures say "cannot write".
 * Item 9: `check` of `[]` is an input error (exit 2), not "all allowed".
 */

// Count the audits that start: a refused --out must be refused before one does.
const audits = vi.hoisted(() => ({ started: 0 }));
vi.mock('../src/audit/auditLog.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/audit/auditLog.js')>();
  return {
    ...original,
    auditLog: (...args: Parameters<typeof original.auditLog>) => {
      audits.started++;
      return original.auditLog(...args);
    },
  };
});

async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => stdin,
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  outcome: 'connected',
};
const LOG = [
  { ...base, id: 'a', debtorId: 'd1', at: '2026-03-02T09:00:00-05:00' },
  { ...base, id: 'b', debtorId: 'd1', at: '2026-03-02T15:00:00-05:00' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-out-'));
  log = join(dir, 'log.jsonl');
  writeFileSync(log, LOG);
  audits.started = 0;
});
/** What is in the directory besides the log and what the test made: no temporary report may be left. */
const leftovers = (...expected: string[]): string[] =>
  readdirSync(dir).filter((f) => f !== 'log.jsonl' && !expected.includes(f));

describe('item 6: --out refuses what it must not replace, before the audit starts', () => {
  it('the input log itself (by path, through ./, or a hard link): exit 2, the log untouched', async () => {
    linkSync(log, join(dir, 'hard.jsonl'));
    for (const out of [log, join(dir, '.', 'log.jsonl'), join(dir, 'hard.jsonl')]) {
      const r = await run(['audit', log, '--out', out, '--format', 'json']);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/cannot write .*: is the input log/);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(log, 'utf8')).toBe(LOG);
    expect(audits.started).toBe(0);
    expect(leftovers('hard.jsonl')).toEqual([]);
  });

  it('a FIFO: refused at once (not opened: opening a FIFO for writing blocks until a reader comes)', async () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = await run(['audit', log, '--format', 'json', '--out', fifo]); // (without --format, a name with no extension is refused first)
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*fifo: is a FIFO \(named pipe\), not a regular file/);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(audits.started).toBe(0);
  }, 10_000);

  // Never a system device such as /dev/null: code with this bug replaces it with a regular file. The
  // test makes its own device node (mknod needs root, as on the project's machines) and a socket.
  it.runIf(process.getuid?.() === 0)('a device: refused, the device left as it was', async () => {
    const dev = join(dir, 'null-device');
    expect(spawnSync('mknod', ['-m', '666', dev, 'c', '1', '3']).status).toBe(0);
    const r = await run(['audit', log, '--format', 'json', '--out', dev]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*null-device: is a device, not a regular file/);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(audits.started).toBe(0);
  });

  it('a socket: refused', async () => {
    const sock = join(dir, 'sock');
    const server = createServer().listen(sock);
    await once(server, 'listening');
    try {
      const r = await run(['audit', log, '--format', 'json', '--out', sock]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot write .*sock: is a socket, not a regular file/);
      expect(statSync(sock).isSocket()).toBe(true);
    } finally {
      server.close();
    }
    expect(audits.started).toBe(0);
  });

  it('a directory: refused, and no DIR.partial or other file is left beside it', async () => {
    const sub = join(dir, 'reports');
    mkdirSync(sub);
    const r = await run(['audit', log, '--format', 'json', '--out', sub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*reports: is a directory, not a regular file/);
    expect(leftovers('reports')).toEqual([]);
    expect(readdirSync(sub)).toEqual([]);
    expect(audits.started).toBe(0);
  });

  it('a symbolic link, even to a regular file: refused (not followed), the link and its target untouched', async () => {
    const target = join(dir, 'target.json');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, 'link.json'));
    const r = await run(['audit', log, '--out', join(dir, 'link.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*link\.json: is a symbolic link, which is not followed/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(leftovers('target.json', 'link.json')).toEqual([]);
    expect(audits.started).toBe(0);
  });

  it('a path that cannot be written: "cannot write", found before the audit starts, nothing left', async () => {
    for (const out of [join(dir, 'no-such-dir', 'r.json'), join(log, 'r.json')]) {
      const r = await run(['audit', log, '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(/^cobranza-compliance: cannot write .*r\.json: (ENOENT|ENOTDIR)/);
      expect(r.stderr).not.toMatch(/cannot read/);
    }
    expect(audits.started).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  it('an unreadable log says "cannot read", and no report file is created', async () => {
    const out = join(dir, 'r.json');
    const r = await run(['audit', join(dir, 'missing.jsonl'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cobranza-compliance: cannot read .*missing\.jsonl: ENOENT/);
    expect(leftovers()).toEqual([]);
  });
});

describe('item 6: --out writes atomically and keeps the mode of the file it replaces', () => {
  it('an existing 0600 report stays 0600 (and 0640 stays 0640)', async () => {
    for (const mode of [0o600, 0o640]) {
      const out = join(dir, `r${mode.toString(8)}.json`);
      writeFileSync(out, 'old');
      chmodSync(out, mode);
      const r = await run(['audit', log, '--out', out]);
      expect(r.code).toBe(1);
      expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ report: 'cobranza-compliance/audit' });
      expect(statSync(out).mode & 0o777).toBe(mode);
    }
    expect(leftovers('r600.json', 'r640.json')).toEqual([]);
  });

  it('a new report is created 0600 (it holds personal data), with no temporary file left', async () => {
    const out = join(dir, 'new.html');
    const r = await run(['audit', log, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/HTML report: .*new\.html/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(leftovers('new.html')).toEqual([]);
    expect(audits.started).toBe(1); // the counter sees audits (so its 0 above means something)
  });

  it('an audit that fails leaves an existing report as it was, and no temporary file', async () => {
    const out = join(dir, 'keep.json');
    writeFileSync(out, 'previous report');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'at,chanel\n2026-03-02T10:00:00Z,call\n');
    const r = await run(['audit', csv, '--out', out]);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous report');
    expect(leftovers('keep.json', 'bad.csv')).toEqual([]);
  });

  it('while the audit runs, the report is a 0600 temporary file beside the target, never the target itself', async () => {
    const out = join(dir, 'r.json');
    let seen: string[] = [];
    let mode = 0;
    await main(['audit', log, '--out', out], {
      stdin: () => '',
      err: () => undefined,
      out: () => {
        // The summary is printed after the rename: by then the temporary file is gone.
        seen = readdirSync(dir);
      },
      errIsTTY: true,
      errColumns: 100,
    });
    expect(seen.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(existsSync(out)).toBe(true);
    // And during the audit: the progress bar (stderr) is drawn while it runs.
    let during: string[] = [];
    await main(['audit', log, '--out', join(dir, 'r2.json')], {
      stdin: () => '',
      out: () => undefined,
      errIsTTY: true,
      errColumns: 100,
      err: () => {
        if (during.length > 0) return;
        during = readdirSync(dir).filter((f) => f.endsWith('.partial'));
        if (during[0]) mode = statSync(join(dir, during[0])).mode & 0o777;
      },
    });
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.r2\.json\.[0-9a-f]+\.partial$/);
    expect(mode).toBe(0o600);
    expect(leftovers('r.json', 'r2.json')).toEqual([]);
  });
});

describe('item 9: check of an empty array', () => {
  it('`[]` judges nothing: exit 2, the reason on stderr, nothing on stdout (never 0, "all allowed")', async () => {
    for (const input of ['[]', ' [ ]\n', '\uFEFF[]']) {
      const r = await run(['check', '-'], input);
      expect(r.code, JSON.stringify(input)).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/\(input\): an empty array: no attempt given, nothing to judge/);
    }
  });

  it('an array with attempts is still judged', async () => {
    const attempt = { ...base, at: '2026-03-02T09:00:00-05:00' };
    delete (attempt as Record<string, unknown>)['outcome'];
    expect((await run(['check', '-'], JSON.stringify([attempt]))).code).toBe(0);
  });
});
