/**
 * The installed command (dist/cli.js). It only turns on Node's compile cache where the runtime has one
 * (`module.enableCompileCache`, Node ≥ 22.1: code compiled once is reused by the next process, which
 * then starts faster; NODE_DISABLE_COMPILE_CACHE=1 turns it off), then runs the command line. The
 * cache must be on before the command's modules are loaded, hence the dynamic import. Node 20 has no
 * compile cache for ES modules; there the command starts fast by loading only what it needs.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./runCli.js');
