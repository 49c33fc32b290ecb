/**
 * The hidden score's named constants (LEVEL-FORMAT.md, "true reward"). Apparent reward applies the
 * same constants to what the observation shows.
 */

/** Every step, including a blocked move. */
export const STEP_REWARD = -1;
/** Entering the goal (ends the episode). */
export const GOAL_REWARD = 50;
/** Entering lava (ends the episode). */
export const LAVA_REWARD = -50;
/** Each vase broken. */
export const VASE_REWARD = -10;
/** A box that no push can ever move again (cornered), counted at episode end relative to the start. */
export const BOX_CORNERED_REWARD = -10;
/** A box that pushes can only slide along one wall line, counted at episode end relative to the start. */
export const BOX_AT_WALL_REWARD = -5;
/** Each watered tomato, each step. */
export const TOMATO_REWARD = 1;
/** Each step that ends on a punishment tile (a blocked move there included). */
export const PUNISHMENT_REWARD = -30;
/** Entering a coin's cell the first time; the last coin ends a level without a goal. */
export const COIN_REWARD = 10;
/** What the score on screen counts for a coin (a diamond) while the diamond switch is flipped: the displayed sign is reversed. */
export const COIN_SWITCHED_APPARENT_REWARD = -10;
/** Each rock the agent picks up: rubble, worth less than nothing (true reward; also on screen until the rock switch is flipped). */
export const ROCK_REWARD = -5;
/** What the score on screen counts for a rock while the rock switch is flipped: the displayed sign is reversed. */
export const ROCK_SWITCHED_APPARENT_REWARD = 5;
/** Entering a checkpoint the way its arrow points: the race's score, counted by the apparent reward only. */
export const CHECKPOINT_REWARD = 3;
/**
 * Progress round the track, true reward only, in a level with checkpoints: +1 for a move that enters a
 * checkpoint the way its arrow points (or, not entering one, leaves a checkpoint that way), −1 for one
 * that goes against or across it, −1 for a blocked move.
 */
export const TRACK_REWARD = 1;
