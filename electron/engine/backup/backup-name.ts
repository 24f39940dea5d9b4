// The one check of a backup's name, for every way in, made by checkBackupTarget (the
// use case's check, which the CLI turns into a usage error on a bad --name).
// The service's transports parse the same schema at their boundary. The schema (zod)
// loads only when there is a name to check: loading it cost every unnamed
// `backbeat backup` a good part of its start-up.
import type { backupNameSchema } from '../../../shared/contract';
import { ContractError } from '../../../shared/errors';
import { describeZodIssues } from '../../../shared/zod-issues';

type Contract = { backupNameSchema: typeof backupNameSchema };

/** The name as it will be stored, or a `bad-arguments` ContractError saying what is wrong with it. */
export function checkBackupName(name: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  const { backupNameSchema } = require('../../../shared/contract') as Contract;
  const parsed = backupNameSchema.safeParse(name);
  if (!parsed.success) throw new ContractError('bad-arguments', describeZodIssues(parsed.error));
  return parsed.data;
}
