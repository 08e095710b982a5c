#!/usr/bin/env bash
# The command as users get it: `npm pack` (prepack builds dist/), the tarball installed into an empty
# project, the bin run through `npm exec` (npm's own link), on an attempt that must be blocked.
# Exit 1 and a decision on stdout, or this script fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" 2>/dev/null | tail -n 1)"
listing="$(tar -tzf "$work/$tarball")"
grep -qx 'package/dist/cli.js' <<<"$listing" || { echo "smoke: the tarball ships no dist/cli.js" >&2; exit 1; }
mkdir "$work/app" && cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$work/$tarball"
# A visit to a personal reference in Colombia: blocked by Ley 2300 art. 4 whatever the hour.
cat > attempt.json <<'JSON'
{"id":"smoke-1","at":"2026-03-08T10:00:00-05:00","channel":"call","jurisdiction":{"country":"CO"},
 "recipient":{"role":"reference"},"debt":{"dueDate":"2026-01-01"},"debtor":{"authorizedChannels":["call"]}}
JSON
set +e
npm exec --no -- cobranza-compliance check attempt.json > out.json 2> err.txt
code=$?
set -e
if [ "$code" -ne 1 ]; then echo "smoke: npm exec cobranza-compliance check exited $code, expected 1" >&2; cat err.txt >&2; exit 1; fi
node -e '
const d = JSON.parse(require("fs").readFileSync("out.json", "utf8"));
if (d.verdict !== "block" || !d.violations.some((v) => v.ruleId === "co.ley2300.art4.no_references")) {
  console.error("smoke: unexpected decision", JSON.stringify(d)); process.exit(1);
}'
# The audit's worker threads run dist/auditWorker.js: from the ESM and the CJS entry alike, the same
# summary as judged in the audit's own thread.
cp "$root/examples/contact-log.jsonl" log.jsonl
cat > audit.cjs <<'JS'
const { auditLog, createChecker } = require('cobranza-compliance');
(async () => {
  const checker = createChecker();
  const out = [];
  for (const workers of [0, 2]) {
    const r = await auditLog({ path: 'log.jsonl' }, { checker, workers, bucketBytes: 100000, now: () => new Date(0) });
    out.push(JSON.stringify(r.summary));
    await r.dispose();
  }
  if (out[0] !== out[1]) { console.error('smoke: CJS audit with workers differs'); process.exit(1); }
  process.stdout.write(out[0]);
})().catch((e) => { console.error(e); process.exit(1); });
JS
cat > audit.mjs <<'JS'
import { auditLog, createChecker } from 'cobranza-compliance';
const checker = createChecker();
const r = await auditLog({ path: 'log.jsonl' }, { checker, workers: 1, bucketBytes: 100000, now: () => new Date(0) });
process.stdout.write(JSON.stringify(r.summary));
await r.dispose();
JS
cjs="$(node audit.cjs)"
esm="$(node audit.mjs)"
if [ "$cjs" != "$esm" ] || ! grep -q '"balanced":true' <<<"$esm"; then echo "smoke: the audit with worker threads differs between CJS and ESM, or does not balance" >&2; exit 1; fi
# Parquet through the optional @duckdb/node-api (installed with the package by default): a Parquet twin
# of the log, written by DuckDB, audited by the installed bin, gives the totals of the JSON Lines log.
node -e '
const { DuckDBInstance } = require("@duckdb/node-api");
(async () => {
  const c = await (await DuckDBInstance.create(":memory:")).connect();
  await c.run("COPY (SELECT * FROM read_json(\x27log.jsonl\x27, format = \x27newline_delimited\x27, ignore_errors = true, timestampformat = \x27DISABLED\x27, dateformat = \x27DISABLED\x27)) TO \x27log.parquet\x27 (FORMAT parquet)");
})().catch((e) => { console.error(e); process.exit(1); });'
set +e
npm exec --no -- cobranza-compliance audit log.parquet --format json --out parquet.json > /dev/null 2> err.txt
pcode=$?
npm exec --no -- cobranza-compliance audit log.jsonl --format json --out jsonl.json > /dev/null 2>> err.txt
set -e
if [ "$pcode" -gt 1 ]; then echo "smoke: audit of a Parquet log exited $pcode" >&2; cat err.txt >&2; exit 1; fi
node -e '
const fs = require("fs");
const p = JSON.parse(fs.readFileSync("parquet.json", "utf8"));
const j = JSON.parse(fs.readFileSync("jsonl.json", "utf8"));
if (p.source.format !== "parquet" || JSON.stringify(p.totals) !== JSON.stringify(j.totals) || JSON.stringify(p.byRule.map((r) => [r.ruleId, r.records])) !== JSON.stringify(j.byRule.map((r) => [r.ruleId, r.records]))) {
  console.error("smoke: the Parquet twin does not give the JSON Lines totals", JSON.stringify(p.totals), JSON.stringify(j.totals)); process.exit(1);
}'
# Without the optional dependency: a clear error naming the package (exit 2), and JSON Lines still audited.
mkdir "$work/lean" && cd "$work/lean"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent --omit=optional "$work/$tarball"
cp "$work/app/log.parquet" "$work/app/log.jsonl" .
set +e
npm exec --no -- cobranza-compliance audit log.parquet > /dev/null 2> err.txt
lcode=$?
set -e
if [ "$lcode" -ne 2 ] || ! grep -q '@duckdb/node-api' err.txt; then echo "smoke: without @duckdb/node-api a Parquet audit exited $lcode" >&2; cat err.txt >&2; exit 1; fi
set +e
npm exec --no -- cobranza-compliance audit log.jsonl > /dev/null 2>&1
jcode=$?
set -e
if [ "$jcode" -gt 1 ]; then echo "smoke: without the optional dependency a JSON Lines audit exited $jcode" >&2; exit 1; fi
cd "$work/app"
help="$(npm exec --no -- cobranza-compliance --help)"
grep -q usage <<<"$help" || { echo "smoke: --help printed no usage" >&2; exit 1; }
echo "smoke: installed bin blocks through npm exec (exit 1, decision on stdout); the audit's workers run from CJS and ESM; a Parquet log gives its JSON Lines twin's rules; without @duckdb/node-api a clear error"
