/** The page's localStorage, or null where it cannot be used: a sandboxed frame or blocked storage, where the getter itself throws, or Node. */
export function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
