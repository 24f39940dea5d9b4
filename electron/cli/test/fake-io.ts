// An in-memory Io for driving the CLI in-process: captured output, a fake terminal,
// a Ctrl-C that tests can press, and scripted answers to prompts.
import type { Io } from '../io';

export interface FakeIo extends Io {
  out: string;
  err: string;
  /** The questions prompt() was asked. */
  questions: string[];
  /** Presses Ctrl-C: calls every registered interrupt handler. */
  interrupt(): void;
  handlerCount(): number;
}

export function fakeIo(
  options: { tty?: boolean; env?: NodeJS.ProcessEnv; answers?: (string | null)[] } = {},
): FakeIo {
  const handlers = new Set<() => void>();
  const answers = [...(options.answers ?? [])];
  const io: FakeIo = {
    out: '',
    err: '',
    questions: [],
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    stderrIsTTY: options.tty ?? false,
    stderrColumns: 80,
    stdinIsTTY: options.tty ?? false,
    env: options.env ?? {},
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    prompt: async (question) => {
      io.questions.push(question);
      return answers.shift() ?? null;
    },
    interrupt: () => {
      for (const h of [...handlers]) h();
    },
    handlerCount: () => handlers.size,
  };
  return io;
}
