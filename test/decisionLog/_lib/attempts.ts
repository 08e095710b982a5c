import type { AttemptInput } from '../../../src/index.js';

/** Attempts the decision-log tests record: an allowed call, one too early (a delay), one to a reference (a block). */
export const allowed: AttemptInput = {
  id: 'ok-1',
  debtorId: 'deudor-1',
  creditorId: 'banco-1',
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};

export const early: AttemptInput = { ...allowed, id: 'early-1', at: '2026-03-02T06:30:00-05:00' };

export const reference: AttemptInput = { ...allowed, id: 'ref-1', recipient: { role: 'reference' } };

/** A fixed clock for `decidedAt` (the one clock reading a decision log makes), ticking 1 ms a read. */
export function fixedClock(start = Date.parse('2026-03-02T15:00:00Z')): () => number {
  let t = start;
  return () => t++;
}
