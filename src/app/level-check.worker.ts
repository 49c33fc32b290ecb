/**
 * The level-check worker: parses a level and enumerates its states off the page's thread, for the
 * editor's check (src/app/level-check.ts). A big level takes seconds; the page keeps answering.
 */
import { LevelError } from '../core/level';
import { loadLevel } from '../core/states';
import type { LevelCheckReply, LevelCheckRequest } from './level-check';

const scope = self as unknown as { postMessage(message: LevelCheckReply): void; onmessage: ((e: MessageEvent<LevelCheckRequest>) => void) | null };

scope.onmessage = (e) => {
  const { id, text } = e.data;
  try {
    scope.postMessage({ id, states: loadLevel(text).space.numStates });
  } catch (err) {
    const problem = err instanceof LevelError ? { line: err.line, column: err.column, reason: err.reason } : { line: 1, column: 1, reason: err instanceof Error ? err.message : String(err) };
    scope.postMessage({ id, problem });
  }
};
