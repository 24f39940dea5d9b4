// Asks for a secret (the repository password) on the terminal without echoing it.
import readline from 'node:readline';
import { Writable } from 'node:stream';

export function askSecretOnTerminal(question: string): Promise<string | null> {
  return new Promise((resolve) => {
    let muted = false;
    // The question is shown; what is typed after it is not.
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (!muted) process.stderr.write(chunk);
        done();
      },
    });
    const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
    rl.on('close', () => {
      if (!answered) resolve(null);
    });
    rl.on('SIGINT', () => rl.close());
  });
}
