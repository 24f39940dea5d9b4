// When the desktop app cannot encrypt secrets (Linux without a keyring), the user names
// a password file instead: only its path is kept, in the data folder, and the file is
// checked (private, not empty) each time it is used, like BACKBEAT_REPO_PASSWORD_FILE.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tempPathBeside, writeFileAtomic } from '../fs/atomic-file';
import { checkPasswordFile } from '../repository/repo-password';

const choiceSchema = z.object({ repoPasswordFile: z.string().min(1) });

export function passwordFileChoicePath(dataDir: string): string {
  return path.join(dataDir, 'repository-password-file.json');
}

/** The password file the user chose, or null (none chosen, or the note is unreadable). */
export function readPasswordFileChoice(dataDir: string): string | null {
  try {
    const parsed = choiceSchema.safeParse(
      JSON.parse(fs.readFileSync(passwordFileChoicePath(dataDir), 'utf8')),
    );
    return parsed.success ? parsed.data.repoPasswordFile : null;
  } catch {
    return null;
  }
}

/** Checks the file (refused when others can read it) and remembers its path. */
export async function savePasswordFileChoice(dataDir: string, file: string): Promise<void> {
  const checked = checkPasswordFile(file);
  if (checked.kind !== 'file') throw new Error('unreachable');
  const target = passwordFileChoicePath(dataDir);
  await fs.promises.mkdir(dataDir, { recursive: true });
  await writeFileAtomic(target, tempPathBeside(target), JSON.stringify({ repoPasswordFile: checked.path }), {
    mode: 0o600,
  });
}
