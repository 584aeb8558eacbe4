/**
 * Instructor-written scoring formulas: a JavaScript *expression* such as
 *
 *   m.points.correctness + (m.accepted ? 40 * Math.min(1, m.speedup / m.referenceSpeedup) : 0)
 *
 * It sees only `Math` and a frozen `m` (a FormulaInput: passed, total, accepted, verdict, speedup,
 * referenceSpeedup, peakBytes, baselinePeakBytes, referencePeakBytes, memoryRatio, weights, points, score, maxScore).
 * It runs in its own V8 isolate (isolated-vm) with a small heap and a short timeout, because a formula is
 * code from an assignment folder and must not be able to reach the grader, hang it, or exhaust its memory.
 */
import ivm from 'isolated-vm';
import { ScoringFailed } from './scoring.errors.js';
import type { FormulaInput } from './scoring.types.js';

export const FORMULA_MEMORY_LIMIT_MB = 16;
export const FORMULA_TIMEOUT_MS = 50;
const FILENAME = 'scoring.formula';

/**
 * Strict mode so that writing to `m` or to an undeclared name throws instead of silently doing nothing.
 * The parentheses make a statement list a syntax error; the newline lets the expression end in a // comment.
 * A non-number comes back as its type name, since objects cannot leave the isolate.
 */
function formulaScript(expression: string): string {
  return `'use strict';\n((value) => typeof value === 'number' ? value : typeof value)((\n${expression}\n));`;
}

/** Line of the wrapper script on which the expression starts. */
const FIRST_FORMULA_LINE = 3;

/**
 * Builds a deep-frozen `m` and then removes every global but Math, so formulas keep to the documented
 * contract and cannot make a score depend on when it was computed (Date). NaN, Infinity and undefined are not
 * deletable and stay; constructors remain reachable through literals ([].constructor), which is harmless:
 * the isolate, not this list, is what keeps a formula away from the grader.
 */
function preludeScript(input: FormulaInput): string {
  return `'use strict';
(function (json) {
  const freeze = (value) => {
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) freeze(child);
    return Object.freeze(value);
  };
  const m = freeze(JSON.parse(json));
  const { defineProperty, freeze: freezeObject, getOwnPropertyNames } = Object;
  const global = globalThis;
  freezeObject(Math);
  for (const name of getOwnPropertyNames(global)) {
    if (name !== 'Math') { try { delete global[name]; } catch {} }
  }
  defineProperty(global, 'm', { value: m, writable: false, enumerable: true, configurable: false });
})(${JSON.stringify(JSON.stringify(input))});`;
}

/** The syntax error in a formula, or undefined when it compiles. Used when assignments are loaded. */
export async function formulaSyntaxError(expression: string): Promise<string | undefined> {
  const isolate = new ivm.Isolate({ memoryLimit: FORMULA_MEMORY_LIMIT_MB });
  try {
    await isolate.compileScript(formulaScript(expression), { filename: FILENAME });
    return undefined;
  } catch (error) {
    return inFormulaTerms((error as Error).message, expression);
  } finally {
    isolate.dispose();
  }
}

/**
 * Evaluates a formula against one grade's measurements. Each evaluation gets a fresh isolate: creating one
 * takes a few milliseconds, negligible next to a grading run, and nothing can carry over between students.
 */
export async function evaluateFormula(expression: string, input: FormulaInput): Promise<number> {
  const isolate = new ivm.Isolate({ memoryLimit: FORMULA_MEMORY_LIMIT_MB });
  try {
    const context = await isolate.createContext();
    await context.eval(preludeScript(input), { timeout: FORMULA_TIMEOUT_MS });
    const script = await isolate.compileScript(formulaScript(expression), { filename: FILENAME });
    const result: unknown = await script.run(context, { timeout: FORMULA_TIMEOUT_MS });
    if (typeof result !== 'number') throw new ScoringFailed(`scoring.formula must return a number, but returned a value of type ${result}`);
    if (!Number.isFinite(result)) throw new ScoringFailed(`scoring.formula must return a finite number, but returned ${result}`);
    return result;
  } catch (error) {
    throw error instanceof ScoringFailed ? error : new ScoringFailed(explainFailure(error, isolate, expression));
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
}

function explainFailure(error: unknown, isolate: ivm.Isolate, expression: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out/i.test(message)) return `scoring.formula did not finish within ${FORMULA_TIMEOUT_MS} ms`;
  if (isolate.isDisposed) return `scoring.formula used more than ${FORMULA_MEMORY_LIMIT_MB} MB of memory`;
  // Errors cross from the isolate as plain Errors whose message starts with the original type, e.g. "TypeError: …".
  const typed = /^\w*Error: /.test(message) ? message : `Error: ${message}`;
  return `scoring.formula threw ${inFormulaTerms(typed, expression)}`;
}

/** isolated-vm appends " [scoring.formula:L:C]" in wrapper lines; say where that is in the formula, if it is in it. */
function inFormulaTerms(message: string, expression: string): string {
  const match = /\s*\[scoring\.formula:(\d+):(\d+)\]\s*$/.exec(message);
  if (!match) return message;
  const text = message.slice(0, match.index);
  const line = Number(match[1]) - FIRST_FORMULA_LINE + 1;
  const lines = expression.split('\n').length;
  return line >= 1 && line <= lines ? `${text} (line ${line}, column ${match[2]} of the formula)` : text;
}
