/**
 * One writer per saved session. Every page (tab) that opens a session asks for an exclusive Web Lock
 * named after the session's storage key and holds it for its life: the first page is the writer, a
 * later one waits read-only and becomes the writer when the lock is granted (the writer closed, or
 * stepped down because the waiting page asked it to over a BroadcastChannel of the same name).
 * Where Web Locks are missing every page writes, as before there was a lock.
 */

/** The lock's (and the channel's) name for the session stored under `key`. */
export function sessionLockName(key: string): string {
  return `reward-playground-session:${key}`;
}

/** What the page is told about its part in the session. */
export interface SessionLockEvents {
  /** This page became the writer after waiting (the lock was granted). */
  onGranted(): void;
  /** Another page asked to take over: this page stops writing now; the lock is released right after. */
  onStepDown(): void;
}

/** A claim on the session's writer lock, held or waited for. */
export interface SessionLock {
  /** Asks the page that writes the session to step down so this one becomes the writer (a no-op while writing). */
  requestTakeover(): void;
  /** Releases the lock, or stops waiting for it, and ends the channel. */
  release(): void;
}

const STEP_DOWN = 'step-down';
/** How long (ms) a page that finds the lock held waits for it before it opens read-only. */
const GRACE_MS = 250;

/**
 * Claims the writer lock of the session stored under `key`. Resolves with `writer: true` when this
 * page writes now (always where Web Locks are missing), otherwise with `writer: false` and the page
 * waits: `events.onGranted` tells it when it writes.
 */
export async function claimSessionLock(key: string, events: SessionLockEvents): Promise<{ writer: boolean; lock: SessionLock }> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (!locks) return { writer: true, lock: { requestTakeover() {}, release() {} } };
  const name = sessionLockName(key);
  let releaseHeld: (() => void) | null = null;
  let waiting: AbortController | null = null;
  let closed = false;
  // Held until released: the lock lasts as long as the page unless it steps down or closes.
  const hold = () => new Promise<void>((resolve) => (releaseHeld = resolve));
  // Whether this page writes from the start: null until decided (see GRACE_MS).
  let decided: boolean | null = null;
  let decide: (writer: boolean) => void = () => {};
  const wait = () => {
    const abort = new AbortController();
    waiting = abort;
    locks
      .request(name, { signal: abort.signal }, () => {
        if (closed) return;
        waiting = null;
        const held = hold();
        if (decided === null) decide(true);
        else events.onGranted();
        return held;
      })
      .catch(() => {}); // aborted by release()
  };
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(name) : null;
  channel?.addEventListener('message', (e: MessageEvent) => {
    if (e.data !== STEP_DOWN || !releaseHeld || closed) return;
    events.onStepDown();
    const release = releaseHeld;
    releaseHeld = null;
    release();
    wait(); // back in line: this page writes again when the new writer closes
  });
  const writer = await new Promise<boolean>((resolve) => {
    decide = (w) => {
      decided ??= w;
      resolve(decided);
    };
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) {
          // Held: by another tab, or by a page of this one that has just released it (the release
          // reaches the lock manager a moment later). Wait in line; a grant within GRACE_MS writes.
          wait();
          setTimeout(() => decide(false), GRACE_MS);
          return undefined;
        }
        decide(true);
        return closed ? undefined : hold();
      })
      .catch(() => decide(true)); // a lock manager that fails (an opaque origin): write, as without locks
  });
  return {
    writer,
    lock: {
      requestTakeover: () => {
        if (!releaseHeld && !closed) channel?.postMessage(STEP_DOWN);
      },
      release: () => {
        closed = true;
        releaseHeld?.();
        releaseHeld = null;
        waiting?.abort();
        waiting = null;
        channel?.close();
      },
    },
  };
}
