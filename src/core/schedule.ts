/**
 * The training schedule of a session, shared by the page's store and the learning engine's off-line
 * runs, so that a simulated run or a model trained on pooled labels learns as a person's session does:
 * `stepsPerLabel` training steps after each new label, and `reloadSteps` for a model loaded with stored
 * labels (a reload, an import).
 */
export const SESSION_SCHEDULE = { stepsPerLabel: 40, reloadSteps: 120 } as const;
