import { describe, expect, it } from 'vitest';
import { auditLog, createChecker } from '../src/index.js';

/**
 * Issue 9 item 6: the audit costs per record the same for one debtor with many records as for many
 * debtors with few — each record is judged against contact indexes that grow as the debtor's records
 * are judged, never rebuilt, and the nextAllowedAt search does not walk the debtor's whole week. Not
 * a timed test on a fixed budget (the machine may be busy): four times the records of one debtor take
 * at most ten times as long (a history rebuilt per record, as before, takes sixteen times as long).
 */
const checker = createChecker();
const CHANNELS = ['call', 'sms', 'whatsapp', 'email'] as const;

/** `n` records of one debtor, evenly over March 2026 — hundreds a day, most of them breaking a frequency rule. */
function oneDebtor(n: number, country: 'CO' | 'MX' | 'ES'): string {
  const start = Date.parse('2026-03-01T13:00:00Z');
  const where =
    country === 'CO' ? { country, region: 'CO-DC' } : country === 'ES' ? { country, region: 'ES-MD' } : { country }; // MX: every zone of the country
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        id: `r${i}`,
        at: new Date(start + Math.floor((i * 30 * 86_400_000) / n)).toISOString(),
        channel: CHANNELS[i % 4],
        debtorId: 'D-1',
        creditorId: 'bank',
        creditorType: 'financial',
        jurisdiction: where,
        recipient: { role: 'debtor', identityVerified: true },
        debt: { dueDate: '2026-01-15' },
        debtor: { authorizedChannels: [...CHANNELS] },
        outcome: i % 3 === 0 ? 'connected' : 'no_answer',
      }),
    );
  }
  return lines.join('\n');
}

async function timed(text: string): Promise<{ ms: number; evaluated: number; notAllowed: number }> {
  const t0 = performance.now();
  const result = await auditLog({ text }, { checker, workers: 0 });
  const ms = performance.now() - t0;
  await result.dispose();
  return { ms, evaluated: result.summary.accounting.evaluated, notAllowed: result.summary.totals.notAllowed };
}

describe('one debtor with many records: the audit grows linearly', () => {
  it.each(['CO', 'MX', 'ES'] as const)(
    '%s: 10,000 records of one debtor take at most 10× the time of 2,500',
    async (country) => {
      await timed(oneDebtor(1_000, country)); // warm up
      const small = oneDebtor(2_500, country);
      const large = oneDebtor(10_000, country);
      const a = Math.min((await timed(small)).ms, (await timed(small)).ms);
      const b = await timed(large);
      expect(b.evaluated).toBe(10_000);
      expect(b.notAllowed).toBeGreaterThan(2_500);
      expect(
        b.ms,
        `${country}: 2,500 records ${a.toFixed(0)} ms, 10,000 records ${b.ms.toFixed(0)} ms`,
      ).toBeLessThanOrEqual(10 * a);
    },
    180_000,
  );
});
