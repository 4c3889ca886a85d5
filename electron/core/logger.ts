/**
 * Main-process log. Every line passes through redaction of every secret the process knows, so a
 * token that reaches a message by mistake is still never written.
 *
 * The file is written through a stream, which opens it and writes asynchronously: a file that
 * cannot be opened or written (its folder gone, a full disk, no permission) reports an `error`
 * event, which unheard would end the process. Logging must never take the app down: the file is
 * then dropped, said once on the echo, and the lines still reach the echo.
 */
import fs from 'node:fs';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Registers a secret value to be masked in every later line. */
  addSecret(value: string): void;
}

export function createLogger(opts: { file?: string; echo?: (line: string) => void } = {}): Logger {
  const secrets = new Set<string>();
  let stream = opts.file ? fs.createWriteStream(opts.file, { flags: 'a', mode: 0o600 }) : null;
  const line = (level: string, message: string) => {
    let text = `${new Date().toISOString()} ${level} ${message.replace(/\s+/g, ' ')}`;
    for (const s of secrets) text = text.split(s).join('[redacted]');
    return text;
  };
  stream?.on('error', (e: NodeJS.ErrnoException) => {
    stream = null;
    opts.echo?.(line('ERROR', `The log file cannot be written (${e.code ?? e.message}); logging goes on without it.`));
  });
  const write = (level: string, message: string) => {
    const text = line(level, message);
    stream?.write(`${text}\n`);
    opts.echo?.(text);
  };
  return {
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m) => write('ERROR', m),
    addSecret: (value) => {
      if (value.length >= 6) secrets.add(value);
    },
  };
}
