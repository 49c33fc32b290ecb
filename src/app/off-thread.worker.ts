/**
 * The page worker for work that can take seconds (src/app/off-thread.ts): a level's full check and
 * reading a session file. A big level takes a second or more; the page keeps answering, and gets the
 * level's state space back to keep.
 */
import { LevelError } from '../core/level';
import { packLoadedLevel } from '../core/state-pack';
import { loadLevelOnce } from './level-spaces';
import type { OffThreadReply, OffThreadRequest } from './off-thread';
import { parseSessionFile } from './session-file';

const scope = self as unknown as { postMessage(message: OffThreadReply): void; onmessage: ((e: MessageEvent<OffThreadRequest>) => void) | null };

scope.onmessage = (e) => {
  const { id, kind, text } = e.data;
  if (kind === 'session-file') {
    const file = parseSessionFile(text);
    // The file's level was loaded to check its labels: the page gets it too, for opening the session.
    const loaded = file.ok ? packLoadedLevel(loadLevelOnce(file.session.settings.levelText)) : undefined;
    return scope.postMessage({ id, file, loaded });
  }
  try {
    // Copied to the page (states packed), which keeps the level for playing it (the worker keeps its
    // own: a level checked again, or a session file on it, needs no second enumeration here either).
    const loaded = loadLevelOnce(text);
    scope.postMessage({ id, states: loaded.space.numStates, loaded: packLoadedLevel(loaded) });
  } catch (err) {
    const problem = err instanceof LevelError ? { line: err.line, column: err.column, reason: err.reason } : { line: 1, column: 1, reason: err instanceof Error ? err.message : String(err) };
    scope.postMessage({ id, problem });
  }
};
