import { eq } from 'drizzle-orm';
import type { Orm } from './open';
import { device } from './schema';

export type DeviceIdentity = typeof device.$inferSelect;
export type NewDeviceIdentity = Omit<DeviceIdentity, 'slot'>;

export type DeviceStore = {
  get(): DeviceIdentity | null;
  /** Replaces the identity (re-enrolment against another server starts a new one). */
  save(identity: NewDeviceIdentity): void;
};

export function createDeviceStore(orm: Orm): DeviceStore {
  return {
    get: () => orm.select().from(device).where(eq(device.slot, 1)).get() ?? null,
    save: (identity) => {
      const row = { slot: 1, ...identity };
      orm.insert(device).values(row).onConflictDoUpdate({ target: device.slot, set: identity }).run();
    },
  };
}
