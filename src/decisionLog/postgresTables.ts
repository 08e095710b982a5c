import type { Client, ClientConfig } from 'pg';
import { ComplianceError } from '../errors.js';

/**
 * The tables of a PostgreSQL decision log, created when absent. Each writer appends to its own chain
 * (its `origin`). Every table is append-only — a trigger refuses UPDATE, DELETE and TRUNCATE — except
 * that a row of `decision_log_attempts` may be deleted: that is how an attempt is erased (a data
 * subject's erasure request), and the chain covers only its digest, so the log still verifies. (A
 * superuser can drop a trigger: the hash chain and the checkpoints held elsewhere are what show it.)
 *
 *   decision_log_origins      origin, header                 one row per chain
 *   decision_log_entries      origin, seq, decision_id, body, hash    the hashed part, RFC 8785
 *   decision_log_attempts     decision_id, attempt            the attempt, RFC 8785 (erasable)
 *   decision_log_erasures     decision_id, erased_at, reason  when and why an attempt was erased
 *   decision_log_provenance   digest, provenance              each checker's provenance, once
 *   decision_log_checkpoints  id, origin, size, note          the checkpoints, in the order written
 */
export interface Tables {
  readonly origins: string;
  readonly entries: string;
  readonly attempts: string;
  readonly erasures: string;
  readonly provenance: string;
  readonly checkpoints: string;
  readonly refuse: string;
  readonly refuseUpdate: string;
}

export function tablesOf(schema: string | undefined): Tables {
  const q = (name: string) => (schema ? `${schema}.${name}` : name);
  return {
    origins: q('decision_log_origins'),
    entries: q('decision_log_entries'),
    attempts: q('decision_log_attempts'),
    erasures: q('decision_log_erasures'),
    provenance: q('decision_log_provenance'),
    checkpoints: q('decision_log_checkpoints'),
    refuse: q('decision_log_refuse_change'),
    refuseUpdate: q('decision_log_refuse_update'),
  };
}

type Pg = typeof import('pg');

/** The `pg` package, loaded on first use (an optional dependency). */
export async function loadPg(): Promise<Pg> {
  try {
    const m = (await import('pg')) as Pg & { default?: Pg };
    return m.default ?? m;
  } catch {
    throw new ComplianceError(
      'missing_dependency',
      'a PostgreSQL decision log needs the pg package (an optional dependency of cobranza-compliance): npm install pg',
    );
  }
}

/** A connected client for a connection string (its password never shown in errors). */
export async function connect(url: string): Promise<Client> {
  const pg = await loadPg();
  const config: ClientConfig = { connectionString: url, application_name: 'cobranza-compliance decision log' };
  const client = new pg.Client(config);
  try {
    await client.connect();
  } catch (e) {
    throw new ComplianceError(
      'decision_log_unwritable',
      `cannot connect to the decision log ${redactUrl(url)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return client;
}

/** The connection string without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable connection string)';
  }
}

/** Create the tables and triggers when absent (serialized between writers by a transaction-level advisory lock). */
export async function ensureTables(client: Client, schema: string | undefined): Promise<Tables> {
  const t = tablesOf(schema);
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('cobranza-compliance decision log schema'))");
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${t.origins} (
        origin text PRIMARY KEY,
        header text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${t.entries} (
        origin text NOT NULL REFERENCES ${t.origins} (origin),
        seq bigint NOT NULL,
        decision_id text NOT NULL UNIQUE,
        body text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (origin, seq)
      );
      CREATE TABLE IF NOT EXISTS ${t.attempts} (
        decision_id text PRIMARY KEY REFERENCES ${t.entries} (decision_id),
        attempt text NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.erasures} (
        decision_id text PRIMARY KEY REFERENCES ${t.entries} (decision_id),
        erased_at timestamptz NOT NULL,
        reason text NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.provenance} (
        digest text PRIMARY KEY,
        provenance text NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.checkpoints} (
        id bigserial PRIMARY KEY,
        origin text NOT NULL REFERENCES ${t.origins} (origin),
        size bigint NOT NULL,
        note text NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE OR REPLACE FUNCTION ${t.refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the decision log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE OR REPLACE FUNCTION ${t.refuseUpdate}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an attempt in the decision log is never changed, only erased (DELETE): % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
    `);
    for (const table of [t.origins, t.entries, t.erasures, t.provenance, t.checkpoints]) {
      const name = table.replace(/\./g, '_');
      await client.query(
        `CREATE OR REPLACE TRIGGER ${name.split('_').pop()}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${t.refuse}()`,
      );
      await client.query(
        `CREATE OR REPLACE TRIGGER ${name.split('_').pop()}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${t.refuse}()`,
      );
    }
    await client.query(
      `CREATE OR REPLACE TRIGGER attempts_never_changed BEFORE UPDATE ON ${t.attempts} FOR EACH ROW EXECUTE FUNCTION ${t.refuseUpdate}()`,
    );
    await client.query(
      `CREATE OR REPLACE TRIGGER attempts_no_truncate BEFORE TRUNCATE ON ${t.attempts} FOR EACH STATEMENT EXECUTE FUNCTION ${t.refuse}()`,
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return t;
}
