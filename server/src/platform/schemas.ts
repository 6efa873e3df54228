/** Schemas shared by every route. */
import { z } from 'zod';

/** RFC 9457 problem details as this API answers them. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string().optional(),
  })
  .loose();
