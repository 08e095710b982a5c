import type { Engine } from 'json-rules-engine';
import type { CompiledPack } from '../engine/compileRulePack.js';
import { ComplianceError } from '../errors.js';
import type { Answer, Evaluation, Query } from './evaluateAt.js';

/** Run an evaluation with the compiled rules: synchronous, no engine, no promise. */
export function runCompiled<T>(evaluation: Evaluation<T>): T {
  let step = evaluation.next(NO_ANSWER);
  while (!step.done) {
    const { rules, facts } = step.value;
    const passes = new Array<boolean>(rules.length);
    for (let i = 0; i < rules.length; i++) passes[i] = rules[i]!.test(facts);
    step = evaluation.next(passes);
  }
  return step.value;
}

/** Run an evaluation with json-rules-engine: the reference evaluator (`createChecker({ evaluator: 'reference' })`). */
export async function runReference<T>(evaluation: Evaluation<T>, cp: CompiledPack): Promise<T> {
  let step = evaluation.next(NO_ANSWER);
  while (!step.done) {
    const q: Query = step.value;
    const passed = await firedRuleIds((await cp.referenceEngines())[q.set], q.facts);
    step = evaluation.next(q.rules.map((r) => passed.has(r.id)));
  }
  return step.value;
}

const NO_ANSWER: Answer = [];

/**
 * json-rules-engine keeps a run status on the engine itself, shared by concurrent runs: a run that ends
 * marks the engine finished, and a run whose rule set has not started yet then skips its rules. A
 * skipped rule would read as "did not fire" — a silent allow. So runs of one engine take turns; and
 * every rule must still report a result — a short run is retried, and a run that stays short is an
 * error, never an allow.
 */
async function firedRuleIds(engine: Engine, facts: object): Promise<Set<string>> {
  const expected = (engine as unknown as { rules: unknown[] }).rules.length;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { results, failureResults } = await inTurn(engine, () => engine.run({ ...facts }));
    if (results.length + failureResults.length === expected) return new Set(results.map((r) => r.name as string));
  }
  throw new ComplianceError('engine_incomplete', 'the rules engine did not evaluate every rule');
}

/** The last run queued on each engine: the next one starts when it has settled. */
const turns = new WeakMap<Engine, Promise<unknown>>();

function inTurn<T>(engine: Engine, run: () => Promise<T>): Promise<T> {
  const next = (turns.get(engine) ?? Promise.resolve()).then(run, run);
  turns.set(
    engine,
    next.catch(() => undefined),
  );
  return next;
}
