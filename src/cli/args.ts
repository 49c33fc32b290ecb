/** A small, strict `--flag value` parser for the command-line tools: unknown or malformed flags are errors. */

/** Thrown for a bad command line; the CLI prints its message on one line and exits 2. */
export class UsageError extends Error {
  /** Creates a usage error. */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flag specification: the flag's kind and, for choices, the allowed values. */
export type FlagSpec =
  | { kind: 'string'; default?: string }
  | { kind: 'int'; default?: number; min: number; max: number }
  | { kind: 'number'; default?: number; min: number; max: number }
  | { kind: 'choice'; default?: string; values: readonly string[] }
  | { kind: 'bool' };

/** Parses `argv` (after the sub-command) against `spec`; `required` flags must be present. */
export function parseFlags(argv: readonly string[], spec: Record<string, FlagSpec>, required: readonly string[] = []): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, s] of Object.entries(spec)) if ('default' in s && s.default !== undefined) out[name] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (s.kind === 'bool') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    if (s.kind === 'string') out[name] = value;
    else if (s.kind === 'choice') {
      if (!s.values.includes(value)) throw new UsageError(`--${name} must be one of ${s.values.join(', ')}, got "${value}"`);
      out[name] = value;
    } else {
      const n = Number(value);
      const ok = value.trim() !== '' && Number.isFinite(n) && (s.kind === 'number' || Number.isInteger(n));
      if (!ok || n < s.min || n > s.max) {
        throw new UsageError(`--${name} must be ${s.kind === 'int' ? 'an integer' : 'a number'} from ${s.min} to ${s.max}, got "${value}"`);
      }
      out[name] = n;
    }
  }
  for (const r of required) if (!(r in out)) throw new UsageError(`missing --${r}`);
  return out;
}
