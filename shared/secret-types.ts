// Handing secrets to the desktop app, which keeps them encrypted with the system's
// keychain (Electron safeStorage). Secrets only go in: no method ever returns one.
import { z } from 'zod';

/** The repository password, or (where the system cannot encrypt it) a private file holding it. */
export const setRepositoryPasswordArgsSchema = z.union([
  z.object({ password: z.string().min(1) }).strict(),
  z.object({ passwordFile: z.string().min(1) }).strict(),
]);

/** A destination's own password and/or the variables restic's back end reads (S3 keys...). */
export const setDestinationSecretsArgsSchema = z
  .object({
    name: z.string().min(1),
    password: z.string().min(1).optional(),
    credentials: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).optional(),
  })
  .strict();

/** Where a secret went: the keychain-encrypted store, or (the fallback) the path of a private file. */
export interface SecretSaved {
  keptIn: 'keychain' | 'password-file';
}
