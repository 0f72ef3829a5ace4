import { sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES, type Role } from '@shared';

/**
 * SQL predicate over a row of `reports` (unqualified columns): the reports a user may hold on their workstation (DESIGN §2.2). Analysts get the
 * open queue plus what they claimed or were assigned; cyberpatrol agents only what was assigned to them.
 */
export function scopePredicate(role: Role, username: string): SQL {
  switch (role) {
    case 'supervisor':
    case 'admin':
      return sql`true`;
    case 'analyst': {
      const open = sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `);
      return sql`(status in (${open}) or claimed_by = ${username} or assigned_to = ${username})`;
    }
    case 'cyberpatrol':
      return sql`(assigned_to = ${username})`;
    default: {
      const never: never = role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

/** Reporters' personal contact details go only to those who may contact them back. */
export function seesReporterContact(role: Role): boolean {
  return role === 'analyst' || role === 'supervisor';
}
