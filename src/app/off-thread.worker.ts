/**
 * The page worker for work that can take seconds (src/app/off-thread.ts): a level's full check and
 * reading a session file. A big level takes a second or more; the page keeps answering, and gets the
 * level's state space back to keep.
 */
import { LevelError } from '../core/level';
import { loadLevel } from '../core/states';
import type { OffThreadReply, OffThreadRequest } from './off-thread';
import { parseSessionFile } from './session-file';

const scope = self as unknown as { postMessage(message: OffThreadReply, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<OffThreadRequest>) => void) | null };

scope.onmessage = (e) => {
  const { id, kind, text } = e.data;
  if (kind === 'session-file') return scope.postMessage({ id, file: parseSessionFile(text) });
  try {
    const loaded = loadLevel(text);
    // The space goes to the page (which keeps it for playing the level): its arrays are moved, not copied.
    const s = loaded.space;
    const moved = new Set([s.terminal, s.offset, s.from, s.action, s.next, s.prob, s.trueReward, s.apparentReward, s.terminated, s.events, s.visibleEvents].map((a) => a.buffer));
    scope.postMessage({ id, states: s.numStates, loaded }, [...moved]);
  } catch (err) {
    const problem = err instanceof LevelError ? { line: err.line, column: err.column, reason: err.reason } : { line: 1, column: 1, reason: err instanceof Error ? err.message : String(err) };
    scope.postMessage({ id, problem });
  }
};
