import { sql, type SQL } from 'drizzle-orm';

/**
 * Builders of JSON text in SQL by concatenation. PostgreSQL's json_build_object costs ~4x more than
 * concatenating pre-escaped pieces, and the sync feed builds hundreds of thousands of objects.
 * Strings go through to_json (escaping), jsonb through its text form (already JSON).
 */
export type JsonField = readonly [name: string, value: SQL];

/** A JSON string (escaped), or null. */
export const jStr = (value: SQL): SQL => sql`coalesce(to_json(${value})::text, 'null')`;

/** A number, boolean or jsonb value as JSON text, or null. */
export const jRaw = (value: SQL): SQL => sql`coalesce((${value})::text, 'null')`;

/** A timestamptz as an ISO-8601 UTC string with milliseconds (IsoTimeSchema), or null. */
export const jTime = (value: SQL): SQL => sql`coalesce('"' || to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')`;

/** A JSON object from fields; names are constants of ours (safe as SQL literals). */
export function jObject(fields: readonly JsonField[]): SQL {
  const parts: SQL[] = fields.map(([name, value], i) => {
    if (!/^[A-Za-z]+$/.test(name)) throw new Error(`unsafe JSON field name ${name}`);
    return sql`${sql.raw(`'${i === 0 ? '{' : ','}"${name}":'`)}, ${value}`;
  });
  return sql`concat(${sql.join(parts, sql`, `)}, '}')`;
}
