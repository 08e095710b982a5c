/**
 * The command line as a process (loaded by bin.ts). npm links `node_modules/.bin/cobranza-compliance`
 * (or a global bin) to dist/cli.js through a symlink or a shim, so this file runs `main` unconditionally: an "am I the
 * entry point?" test on `process.argv[1]` fails through the link, and a gate that prints nothing and
 * exits 0 passes everything.
 *
 * Every way out removes the temporary files (exitCleanup): a normal exit, an error, SIGHUP, SIGINT or
 * SIGTERM (the signal is then raised again: a shell sees 128 + its number), and a closed standard
 * output (`audit … | head`): EPIPE stops the command quietly with exit status 141 (128 + SIGPIPE, what
 * a shell reports for a command killed by a broken pipe) — never 0 or 1, which would claim a verdict.
 */
import { readFileSync } from 'node:fs';
import { installExitHandlers, runExitCleanups } from './exitCleanup.js';
import { main } from './main.js';

/** Exit status when standard output is closed before the command is done: 128 + SIGPIPE. */
const EXIT_BROKEN_PIPE = 141;

installExitHandlers();
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  runExitCleanups();
  if (e.code !== 'EPIPE')
    process.stderr.write(`cobranza-compliance: cannot write standard output: ${e.code ?? e.message}\n`);
  process.exit(e.code === 'EPIPE' ? EXIT_BROKEN_PIPE : 2);
});
// Nowhere is left to report a failure to write standard error: the exit status still tells.
process.stderr.on('error', () => undefined);

main(process.argv.slice(2), {
  stdin: () => readFileSync(0, 'utf8'),
  stdinStream: () => process.stdin,
  out: (s) => process.stdout.write(s),
  // Resolves once what was written has left; never when the write failed (the 'error' handler exits).
  outFlushed: () => new Promise<void>((resolve) => process.stdout.write('', (e) => (e ? undefined : resolve()))),
  err: (s) => process.stderr.write(s),
  errIsTTY: process.stderr.isTTY === true,
  errColumns: process.stderr.columns,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`cobranza-compliance: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
