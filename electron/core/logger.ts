/**
 * Main-process log. Every line passes through redaction of every secret the process knows, so a
 * token that reaches a message by mistake is still never written.
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
  const stream = opts.file ? fs.createWriteStream(opts.file, { flags: 'a', mode: 0o600 }) : null;
  const write = (level: string, message: string) => {
    let line = `${new Date().toISOString()} ${level} ${message.replace(/\s+/g, ' ')}`;
    for (const s of secrets) line = line.split(s).join('[redacted]');
    stream?.write(`${line}\n`);
    opts.echo?.(line);
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
