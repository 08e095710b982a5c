import type { Client } from 'pg';
import { DecisionEntrySchema } from '../schema/decisionLogLine.js';
import { canonicalJson } from './canonicalJson.js';
import { headerOf } from './decisionChain.js';
import { LogVerifier } from './logVerifier.js';
import type { NoteVerifier } from './noteKey.js';
import type { Tables } from './postgresTables.js';

const PAGE = 5000;

/**
 * Read one chain of a PostgreSQL log through a LogVerifier: its header, the provenance rows, its
 * entries by seq (a page at a time) with their attempts, then its checkpoints in the order written.
 * The verifier holds the verdict (`finish`) and the chain's state.
 */
export async function readPostgresChain(
  client: Client,
  t: Tables,
  origin: string,
  verifiers: readonly NoteVerifier[],
  options: { readonly keepEntries?: boolean } = {},
): Promise<LogVerifier> {
  const v = new LogVerifier(verifiers, { origin, keepEntries: options.keepEntries ?? false });
  const header = await client.query<{ header: string }>(`SELECT header FROM ${t.origins} WHERE origin = $1`, [origin]);
  if (header.rows[0]?.header !== canonicalJson(headerOf(origin)))
    v.problemAt('no_header', `origin ${origin}: its header row is not this origin's decision log header`);
  for (const row of (
    await client.query<{ digest: string; provenance: string }>(`SELECT digest, provenance FROM ${t.provenance}`)
  ).rows)
    v.provenance(row.digest, parseJson(row.provenance));
  let from = 0;
  for (;;) {
    const page = await client.query<{
      seq: string;
      decision_id: string;
      body: string;
      hash: string;
      attempt: string | null;
      erased_at: Date | null;
      reason: string | null;
    }>(
      `SELECT e.seq, e.decision_id, e.body, e.hash, a.attempt, x.erased_at, x.reason
         FROM ${t.entries} e
         LEFT JOIN ${t.attempts} a ON a.decision_id = e.decision_id
         LEFT JOIN ${t.erasures} x ON x.decision_id = e.decision_id
        WHERE e.origin = $1 AND e.seq >= $2
        ORDER BY e.seq
        LIMIT ${PAGE}`,
      [origin, from],
    );
    for (const row of page.rows) {
      const body = parseJson(row.body);
      const candidate = {
        ...(typeof body === 'object' && body !== null ? body : {}),
        hash: row.hash,
        ...(row.attempt !== null ? { attempt: parseJson(row.attempt) } : {}),
        ...(row.erased_at ? { erased: { at: row.erased_at.toISOString(), reason: row.reason ?? '' } } : {}),
      };
      const parsed = DecisionEntrySchema.safeParse(candidate);
      if (!parsed.success || String(parsed.data.seq) !== row.seq || parsed.data.decisionId !== row.decision_id) {
        v.problemAt(
          'bad_row',
          parsed.success
            ? `row seq ${row.seq} (${row.decision_id}): its columns do not match its body`
            : `row seq ${row.seq}: ${parsed.error.issues[0]?.path.join('.') || '(body)'}: ${parsed.error.issues[0]?.message}`,
          Number(row.seq),
        );
        continue;
      }
      v.entry(parsed.data);
    }
    if (page.rows.length < PAGE) break;
    from = Number(page.rows[page.rows.length - 1]!.seq) + 1;
  }
  for (const row of (
    await client.query<{ id: string; note: string }>(
      `SELECT id, note FROM ${t.checkpoints} WHERE origin = $1 ORDER BY id`,
      [origin],
    )
  ).rows)
    v.checkpoint(row.note, `checkpoint #${row.id}`);
  return v;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
