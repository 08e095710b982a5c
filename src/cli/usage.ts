/** The help texts: the global one (`--help`) and one per command (`check --help`, `help check`). */

export const COMMANDS = [
  'check',
  'windows',
  'audit',
  'rules',
  'serve',
  'keygen',
  'verify-log',
  'prove',
  'verify-proof',
] as const;
export type Command = (typeof COMMANDS)[number];

const RULE_OPTIONS = `rule options (every command):
  --lang es|en                 language of messages (default en)
  --rules DIR                  rule files to use instead of the shipped ones
  --direct-contact attempt|two_way   what counts as a contact (default attempt)
  --week rolling|calendar      what a week is for frequency rules (default rolling)
  --override RULE=block|warn|off     change a rule's severity or turn it off (repeatable)
  --allow-deviation ID         accept a loosening of a shipped statutory rule (a rule id, or CC.calendar)
                               by --rules or --override; listed in every decision and report (repeatable)`;

export const GLOBAL_USAGE = `usage: cobranza-compliance COMMAND [FILE|-] [options]

commands:
  check FILE|-      may I contact this debtor, on this channel, now? one decision per attempt
  windows FILE|-    when, over the next days, would the same attempt be lawful?
  audit LOG|-       judge a log of contacts made (JSON Lines, CSV, Parquet) and write a report
  rules             the rule catalog: law and policy at a glance
  serve             the checker as an HTTP service (POST /v1/check, /v1/windows; OpenAPI at /openapi.json)
  keygen            a key pair to sign a decision log's checkpoints
  verify-log LOG    is a decision log intact? (chain, Merkle tree, checkpoints)
  prove LOG ID      an inclusion proof of one decision, for a third party
  verify-proof P    check an inclusion proof against a checkpoint
  help COMMAND      the options of one command (or: COMMAND --help)

  -  reads standard input.   --version  the version of the tool, its rules and data.

${RULE_OPTIONS}
exit: 0 all allowed, 1 some not allowed (audit: or some line rejected), 2 some input was bad, or usage`;

export const COMMAND_USAGE: Record<Command, string> = {
  check: `usage: cobranza-compliance check FILE|- [--format json|jsonl|text] [--exit-zero] [--decision-log LOG [log options]] [rule options]

Judge contact attempts: JSON Lines (one attempt per line, each judged as it arrives and its decision
line written at once), a pretty-printed JSON object, or a JSON array.
  --format json   (default) one decision per attempt, in the shape of the input (JSON Lines in,
                  JSON Lines out, whatever the count)
  --format jsonl  one decision line per attempt, whatever the input
  --format text   one line per attempt (id, verdict, local time, next allowed, rule ids) and a summary
  --exit-zero     exit 0 when some attempt is not allowed (bad input is still 2)
A bad line or array item gets an error entry in its place ({"line": N, "id": …, "error": {"code",
"issues": [{path, code, message}]}}) and every other one is judged.

decision log (docs/decision-log.md): every decision recorded before it is written out, with its decisionId
  --decision-log LOG      a file (one writer at a time) or postgres://user:password@host/db
  --durability M          sync (default: on disk before the decision is written out) or batched
                          (batches of 1,000 or 100 ms; decisions are written out once their batch is)
  --key FILE              the signer key (keygen's .key) that signs the checkpoints
  --checkpoints FILE      keep the latest checkpoint there too, for an auditor or a witness to copy
  --digests-only          record the attempt's SHA-256, not the attempt (the matching keys stay)
  --origin ORIGIN         the log's identity for a new log (default: the key's name, else random)

${RULE_OPTIONS}
exit: 0 every attempt allowed, 1 some not allowed, 2 some input was bad (after every other attempt was
judged; each bad line has its error line) or usage, or a decision could not be recorded (judging stops
there: no decision is written out that was not recorded)`,
  windows: `usage: cobranza-compliance windows FILE|- (--until ISO | --days N) [--format json|jsonl|text|ics] [--exit-zero] [rule options]

The lawful windows of each attempt: the intervals between its \`at\` and --until (an instant with an
offset) or --days N (1 to 31) in which the same attempt would be allowed. Input is read as check
reads it (JSON Lines line by line).
  --format json   (default) { attemptId, windows: [{ from, to }], blockedBy, context, ruleset } per attempt,
                  in the shape of the input
  --format jsonl  one result line per attempt, whatever the input
  --format text   the windows in the debtor's local time, one per line
  --format ics    an iCalendar file (RFC 5545), one event per window
  --exit-zero     exit 0 when some attempt has no window (bad input is still 2)

${RULE_OPTIONS}
exit: 0 every attempt has a window, 1 some attempt has none, 2 some input was bad, or usage`,
  audit: `usage: cobranza-compliance audit LOG|- [--format json|csv|md|html] [--out FILE] [options]
       cobranza-compliance audit --sql "SELECT … FROM read_parquet('…')" [options]
       cobranza-compliance audit LOG --shard K/N --out shard-K.partial
       cobranza-compliance audit merge PARTIAL... [--format F] [--out FILE] [--max-listed N]

Judge a log of contacts that were made (JSON Lines, CSV or Parquet), counting frequency from the log itself.
  --format F             json, csv, md, html or partial; default: from the --out extension
                         (.json .csv .md .html .htm .partial), else md
  --out FILE             write the report there (whole or not at all); default: standard output
  --input-format F       jsonl, csv or parquet (a file, a directory or a glob); default: the
                         log's extension, else sniffed
  --map FILE             a mapping file: the export's columns as the contract's fields (delimiter,
                         encoding, date formats, the export's time zone, values, dimensions)
  --dry-run              with --map: the first rows as attempts and what becomes of every column
                         (--format text or json); no audit
  --sql QUERY            audit the rows of a DuckDB SELECT query (Parquet, CSV, tables) instead of a LOG
  --record-history H     ignore (default) or merge a record's own history field
  --max-listed N         records not allowed listed one by one in md and html (default 500)
  --shard K/N            judge only the debtors of shard K of N (SHA-256 of the debtorId, see
                         docs/audit.md) and write a partial result; exit 0 once written
  merge PARTIAL...       the report of the whole log from every shard's partial, the same as one
                         machine's (refused: shards of other logs, rules or options; one missing)

${RULE_OPTIONS}
exit: 0 every record judged and allowed, 1 some not allowed or some line rejected, 2 bad input or usage`,
  rules: `usage: cobranza-compliance rules [--country MX|CO|ES] [--format md|json] [rule options]

The rule catalog: id, category, law or policy, severity, summary, citation and dates in force.

${RULE_OPTIONS}
exit: 0, or 2 on bad usage`,
  serve: `usage: cobranza-compliance serve [--host 127.0.0.1] [--port 8080] [--token-file FILE] [--body-limit BYTES] [--decision-log LOG [log options]] [rule options]

The checker as an HTTP service (docs/service.md): POST /v1/check and POST /v1/windows?days=N|until=ISO
(one attempt, or an array: one result per item, a bad item's error in its place), GET /v1/rules,
GET /healthz, GET /readyz, GET /openapi.json (OpenAPI 3.1). Bad input: 400 application/problem+json.
  --host H           the address to bind (default 127.0.0.1: this machine only; TLS is left to a proxy)
  --port P           the port (default 8080; 0: any free port)
  --token-file FILE  every /v1 request must carry "Authorization: Bearer TOKEN" (the file's one line)
  --body-limit N     the largest request body in bytes (default 1048576); larger: 413
  --decision-log LOG record every decision before it is answered (as check --decision-log)
Writes "listening on http://HOST:PORT" on standard error once it takes requests. SIGTERM, SIGINT or
SIGHUP: no new request (503), those in flight finished, then exit 0 (the service claims no verdict).

${RULE_OPTIONS}
exit: 0 after a signal once drained, 2 on bad usage or when it cannot listen`,
  keygen: `usage: cobranza-compliance keygen [--name NAME] [--out PREFIX]

A new Ed25519 key pair for signing a decision log's checkpoints (C2SP signed-note keys, as Go's
sumdb/note writes them). Files are never overwritten.
  --name NAME     the key's name, best the log's origin, e.g. example.com/agency/dialer-1
                  (default cobranza-compliance.local/decisions)
  --out PREFIX    writes PREFIX.key (the signer key, mode 0600) and PREFIX.pub (default decision-log)

exit: 0, or 2 when a file exists or cannot be written`,
  'verify-log': `usage: cobranza-compliance verify-log LOG [--key PUBLIC]... [--checkpoint FILE]... [--format text|json]

Recompute a decision log (a file, or postgres://… with every writer's chain): the sequence, the hash
chain, each entry's hash, each attempt against its digest, the Merkle tree (RFC 9162) against every
checkpoint, and with --key each checkpoint's signature.
  --key PUBLIC        a verifier key file (keygen's .pub): every checkpoint must be signed by it
  --checkpoint FILE   a checkpoint held elsewhere (an auditor's or a witness's copy): the log must
                      agree with it; a log shorter than it had its tail cut (repeatable)
  --format text|json  (default text)

exit: 0 intact, 1 not intact (the first bad entry named), 2 a file that cannot be read, or bad usage`,
  prove: `usage: cobranza-compliance prove LOG DECISION_ID [--checkpoint FILE]

An inclusion proof (RFC 9162) that the decision is in the log, as committed by the log's latest
checkpoint that covers it, or by the checkpoint in FILE (e.g. the copy a witness holds). JSON on stdout.

exit: 0, 1 the log does not verify or disagrees with FILE (no proof), 2 unknown decision or bad usage`,
  'verify-proof': `usage: cobranza-compliance verify-proof PROOF|- [--checkpoint FILE] [--key PUBLIC]... [--attempt FILE]

Check an inclusion proof without the log: the entry's hash, the audit path to the checkpoint's root, and
the checkpoint's signature.
  --checkpoint FILE   the checkpoint you hold (else the one inside the proof: trust it only with --key)
  --key PUBLIC        the log's verifier key file: the checkpoint must carry its signature
  --attempt FILE      the attempt (JSON, as validated): its SHA-256 must be the entry's inputDigest

exit: 0 proven, 1 not proven, 2 a file that cannot be read, or bad usage`,
};
