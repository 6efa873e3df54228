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

/** The problem answers a route may give, for its response schema (and so for the OpenAPI description). */
export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  415: ProblemSchema,
  422: ProblemSchema,
};
