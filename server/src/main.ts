/**
 * The entry point: `node server/src/main.ts [serve|migrate|seed|worker|verify-audit]` (see cli.ts).
 *
 * It turns on Node's compile cache before loading anything else, so the second and later starts
 * reuse compiled code of the server and its dependencies instead of compiling it again (a start
 * took ~2.1 s without it on the 2-core development machine, ~1.5 s with it; docs/scaling.md).
 * The cache lives in the system's temporary folder (NODE_COMPILE_CACHE overrides, and
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off).
 */
import module from 'node:module';

module.enableCompileCache?.();
await import('./cli.ts');
