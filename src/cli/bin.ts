/**
 * The installed command. npm links `node_modules/.bin/cobranza-compliance` (or a global bin) to
 * dist/cli.js through a symlink or a shim, so this file runs `main` unconditionally: an "am I the
 * entry point?" test on `process.argv[1]` fails through the link, and a gate that prints nothing and
 * exits 0 passes everything.
 */
import { readFileSync } from 'node:fs';
import { main } from './main.js';

main(process.argv.slice(2), {
  stdin: () => readFileSync(0, 'utf8'),
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  errIsTTY: process.stderr.isTTY === true,
  errColumns: process.stderr.columns,
}).then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`cobranza-compliance: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
