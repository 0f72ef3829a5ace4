import { sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES, type Role } from '@shared';
import { reports } from '../db/schema';

/**
 * SQL predicate: the reports a user may hold on their workstation (DESIGN §2.2). Analysts get the
 * open queue plus what they claimed or were assigned; cyberpatrol agents only what was assigned to them.
 */
export function scopePredicate(role: Role, username: string): SQL {
  switch (role) {
    case 'supervisor':
    case 'admin':
      return sql`true`;
    case 'analyst': {
      const open = sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `);
      return sql`(${reports.status} in (${open}) or ${reports.claimedBy} = ${username} or ${reports.assignedTo} = ${username})`;
    }
    case 'cyberpatrol':
      return sql`(${reports.assignedTo} = ${username})`;
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
