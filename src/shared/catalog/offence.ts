import { z } from 'zod';

/**
 * A reference to one offence of the legal catalog, as a qualification records it: the catalog id, its
 * NATINF code when the offence has one (built-in entries named by article may not), and the label shown
 * to officers. The label is copied into the decision so that a report stays readable whatever later
 * catalog updates do.
 */
export const OffenceRefSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    natinf: z
      .string()
      .trim()
      .regex(/^[0-9]{1,6}$/, 'un code NATINF est un nombre')
      .nullable(),
    label: z.string().trim().min(1).max(500),
  })
  .strict();
export type OffenceRef = z.infer<typeof OffenceRefSchema>;
