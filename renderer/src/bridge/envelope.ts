// The JSON envelope every /api/call answer must have (docs/http-protocol.md).
import { z } from 'zod';
import { serializedErrorSchema } from '../../../shared/contract';

export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: serializedErrorSchema }),
]);
