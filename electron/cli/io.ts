// What the CLI touches of the outside world, behind one interface so tests can drive
// commands in-process (fake terminal, fake Ctrl-C) as well as by spawning the binary.
import readline from 'node:readline';
import { askSecretOnTerminal } from './secret-prompt';

export interface Io {
  /** Results: tables, sentences, or the one JSON document. */
  stdout(text: string): void;
  /** Progress, hints and errors. */
  stderr(text: string): void;
  /** Whether stderr is a terminal: only then is a progress bar drawn. */
  stderrIsTTY: boolean;
  stderrColumns: number;
  env: NodeJS.ProcessEnv;
  /** Calls `handler` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Whether stdin is a terminal someone can answer a question on. */
  stdinIsTTY: boolean;
  /** Asks a question on the terminal; null when input ended (Ctrl-D, Ctrl-C) without an answer. */
  prompt(question: string): Promise<string | null>;
  /** Like prompt, without echoing what is typed (passwords); prompt is used where it is missing. */
  promptSecret?(question: string): Promise<string | null>;
}

function askOnTerminal(question: string): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    rl.on('close', () => {
      if (!answered) resolve(null);
    });
    // Ctrl-C at the prompt is a "no", not a crash.
    rl.on('SIGINT', () => rl.close());
  });
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns || 80,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    prompt: askOnTerminal,
    promptSecret: askSecretOnTerminal,
  };
}
