import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The same attempts give byte-identical decisions whatever the process time zone and locale: the
 * debtor's clock comes from the attempt, never from the machine.
 */
const root = join(import.meta.dirname, '..');
const fixture = join(root, 'test', 'fixtures', 'tz-attempts.json');

function runUnder(tz: string, lang: string): string {
  try {
    return execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'bin.ts'), 'check', fixture], {
      env: { ...process.env, TZ: tz, LANG: lang, LC_ALL: lang },
      encoding: 'utf8',
    });
  } catch (e) {
    // Exit 1 (some not allowed) is expected here; its stdout is the answer.
    return (e as { stdout: string }).stdout;
  }
}

describe('decisions do not depend on the process TZ or locale', () => {
  it('TZ=UTC, Asia/Tokyo, America/Bogota (and two locales) agree', () => {
    const utc = runUnder('UTC', 'C');
    expect(JSON.parse(utc).length).toBeGreaterThan(5);
    expect(runUnder('Asia/Tokyo', 'ja_JP.UTF-8')).toBe(utc);
    expect(runUnder('America/Bogota', 'es_CO.UTF-8')).toBe(utc);
    expect(runUnder('Pacific/Kiritimati', 'C')).toBe(utc);
  });
});
