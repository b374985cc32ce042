import { parseArgs } from "node:util";
import { MAX_DAYS } from "./generate-traffic";

export interface SeedArgs {
  events: number;
  days: number;
  seed: number;
  /** Exclusive end of the range; unset: now. */
  end?: Date;
  /** Leave a demo site that already has events as it is. */
  keepExisting: boolean;
  help: boolean;
}

export const SEED_DEFAULTS = { events: 200_000, days: 30, seed: 42 } as const;
const MAX_EVENTS = 1_000_000_000;

export const SEED_USAGE = `Usage: npm run seed -- [--events N] [--days D] [--seed S] [--end ISO-TIME] [--keep-existing]

Fills the demo site with generated traffic, replacing its events, and rebuilds the projections.

  --events N    how many events (default ${SEED_DEFAULTS.events}; 250k and 10m work too)
  --days D      how many days before the end they span (default ${SEED_DEFAULTS.days}, at most ${MAX_DAYS})
  --seed S      random seed, 0 to 4294967295 (default ${SEED_DEFAULTS.seed}); same seed and end, same events
  --end TIME    end of the range, e.g. 2026-11-15T00:00:00Z (default: now, to the minute)
  --keep-existing  do nothing if the demo site already has events (npm run demo uses this)`;

/** A bad command line; the message names the flag and what it wants. */
export class SeedArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedArgsError";
  }
}

/** Parse `npm run seed` flags (`--events 10m` and `--events=10m` alike). */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        events: { type: "string" },
        days: { type: "string" },
        seed: { type: "string" },
        end: { type: "string" },
        "keep-existing": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util's messages name the offending flag; keep them, drop the stack.
    throw new SeedArgsError(error instanceof Error ? error.message : String(error));
  }
  const text = (name: string) => values[name] as string | undefined;
  return {
    events: count("--events", text("events"), SEED_DEFAULTS.events, 0, MAX_EVENTS, true),
    days: count("--days", text("days"), SEED_DEFAULTS.days, 1, MAX_DAYS, false),
    seed: count("--seed", text("seed"), SEED_DEFAULTS.seed, 0, 0xffffffff, false),
    end: instant("--end", text("end")),
    keepExisting: values["keep-existing"] === true,
    help: values.help === true,
  };
}

function count(flag: string, raw: string | undefined, fallback: number, min: number, max: number, suffixes: boolean): number {
  if (raw === undefined) return fallback;
  const match = /^(\d+(?:_\d+)*)([km])?$/i.exec(raw.trim());
  const unit = match?.[2]?.toLowerCase();
  if (!match || (unit && !suffixes)) {
    throw new SeedArgsError(`${flag} must be a whole number${suffixes ? " (like 200000, 250k or 10m)" : ""}, got "${raw}"`);
  }
  const value = Number(match[1]!.replaceAll("_", "")) * (unit === "k" ? 1_000 : unit === "m" ? 1_000_000 : 1);
  if (value < min || value > max) throw new SeedArgsError(`${flag} must be from ${min} to ${max}, got ${raw}`);
  return value;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

function instant(flag: string, raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  // Only ISO dates and zoned times, checked field by field: Date's parser
  // takes "5", local times and 2026-02-30 (as March 2) without complaint.
  const fields = ISO_INSTANT.exec(raw)?.slice(1).map((part) => Number(part ?? 0));
  if (!fields || !fieldsInRange(fields)) {
    throw new SeedArgsError(`${flag} must be an ISO date or time like 2026-11-15 or 2026-11-15T12:00:00Z, got "${raw}"`);
  }
  return new Date(raw);
}

function fieldsInRange([year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0]: number[]): boolean {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}
