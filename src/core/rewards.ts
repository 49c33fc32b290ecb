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
/** A moved box with walls on two orthogonal sides (cornered), counted at episode end. */
export const BOX_CORNERED_REWARD = -10;
/** A moved box touching a wall but not cornered, counted at episode end. */
export const BOX_AT_WALL_REWARD = -5;
/** Each watered tomato, each step. */
export const TOMATO_REWARD = 1;
/** Entering a punishment tile. */
export const PUNISHMENT_REWARD = -30;
/** Entering a coin's cell the first time. */
export const COIN_REWARD = 10;
