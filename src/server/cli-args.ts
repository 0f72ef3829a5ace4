/** Minimal `--name value` / `--flag` parser: the server's options are few and all named. */
export type ParsedArgs = { positional: string[]; options: Map<string, string | true> };

export class UsageError extends Error {}

export function parseArgs(argv: string[], flags: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flags.has(name)) {
      options.set(name, true);
    } else if (inline !== undefined) {
      options.set(name, inline);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
      i++;
    }
  }
  return { positional, options };
}

/** Value of a string option; throws a usage error when it is required and absent, or given as a flag. */
export function option(args: ParsedArgs, name: string, required: true): string;
export function option(args: ParsedArgs, name: string, required?: false): string | undefined;
export function option(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.options.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  if (v === undefined && required) throw new UsageError(`--${name} is required`);
  return v;
}

export function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = option(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer between ${min} and ${max}`);
  return n;
}

/** Rejects options a command does not know, so a typo is an error rather than silently ignored. */
export function onlyOptions(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of args.options.keys()) if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
}
