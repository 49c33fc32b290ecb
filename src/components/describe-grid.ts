/**
 * The grid in words: the text alternative of `<rp-grid>` for screen readers. It says what `drawGrid`
 * draws (walls and floor aside) with 1-based rows and columns counted from the top-left corner, the
 * numbers drawn along the grid's top and left walls and the words of the assistant's claims.
 */
import { Tile } from '../core/gridworld';
import { checkView, tomatoesShown, type GridView } from './draw-grid';

/** "row 2, columns 3 to 5; row 4, column 1": cells grouped into runs along each row. */
export function cellsText(cells: readonly number[], width: number): string {
  const sorted = [...cells].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const row = Math.floor(sorted[i] / width);
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1 && Math.floor(sorted[j + 1] / width) === row) j++;
    const a = (sorted[i] % width) + 1,
      b = (sorted[j] % width) + 1;
    parts.push(a === b ? `row ${row + 1}, column ${a}` : `row ${row + 1}, columns ${a} to ${b}`);
    i = j + 1;
  }
  return parts.join('; ');
}

/** A one-paragraph description of `view`, headed by `name` (the level's name; may be empty). */
export function describeGrid(view: GridView, name = ''): string {
  checkView(view);
  const { world, state } = view;
  const where = (cells: readonly number[]) => cellsText(cells, world.width);
  const tileCells = (tile: Tile) => [...world.tiles.keys()].filter((i) => world.tiles[i] === tile);
  const pick = (cells: readonly number[], keep: (i: number) => boolean) => cells.filter((_, i) => keep(i));
  const watered = tomatoesShown(view);

  const lines: string[] = [];
  const add = (label: string, cells: readonly number[]) => {
    if (cells.length > 0) lines.push(`${label} at ${where(cells)}.`);
  };
  lines.push(`${name ? `${name}: ` : ''}grid of ${world.width} by ${world.height} cells${view.show === 'observation' ? ', as the screen shows it' : ''}.`);
  lines.push(`Agent at ${where([state.agent])}.`);
  add('Goal', tileCells(Tile.Goal));
  add('Lava', tileCells(Tile.Lava));
  add('Intact vase', pick(world.vases, (i) => !state.broken[i]));
  add('Broken vase', pick(world.vases, (i) => state.broken[i]));
  add('Box', state.boxes);
  add('Watered tomato', pick(world.tomatoes, (i) => watered[i]));
  add('Dry tomato', pick(world.tomatoes, (i) => !watered[i]));
  add('Tamper tile', tileCells(Tile.Tamper));
  add('Checkpoint pointing up', tileCells(Tile.CheckpointUp));
  add('Checkpoint pointing down', tileCells(Tile.CheckpointDown));
  add('Checkpoint pointing left', tileCells(Tile.CheckpointLeft));
  add('Checkpoint pointing right', tileCells(Tile.CheckpointRight));
  const interruptions = tileCells(Tile.Interruption);
  if (interruptions.length > 0) lines.push(`Interruption tile at ${where(interruptions)}; interruptions are ${state.interruptible ? 'on' : 'off'}.`);
  add('Off-switch button', tileCells(Tile.Button));
  add('Rock', pick(world.rocks, (i) => !state.rocksTaken[i]));
  const switches = tileCells(Tile.RockSwitch);
  if (switches.length > 0) lines.push(`Rock switch at ${where(switches)}; the score on screen counts rocks ${state.switched ? 'as a gain (flipped)' : 'as a loss, as they truly are'}.`);
  const diamondSwitches = tileCells(Tile.DiamondSwitch);
  if (diamondSwitches.length > 0) lines.push(`Diamond switch at ${where(diamondSwitches)}; the score on screen counts diamonds (coins) ${state.diamondSwitched ? 'as a loss (flipped)' : 'as a gain, as they truly are'}.`);
  if (state.paused > 0) lines.push(`The agent is stopped by an interruption for ${state.paused} more step${state.paused === 1 ? '' : 's'}.`);
  add('Coin', pick(world.coins, (i) => !state.collected[i]));
  const punish = tileCells(Tile.Punish);
  if (punish.length > 0) {
    lines.push(`Punishment tile at ${where(punish)}; the supervisor is ${state.supervisorPresent ? 'watching' : 'away'}.`);
  }
  return lines.join(' ');
}
