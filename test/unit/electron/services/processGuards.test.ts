import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../../electron/core/logger';
import { describeError, installProcessGuards, type GuardedProcess } from '../../../../electron/services/processGuards';

const TOKEN = 'access-sandbox-0f1e2d3c4b5a';

function setup() {
  const proc = new EventEmitter();
  const lines: string[] = [];
  const logger = createLogger({ echo: (l) => lines.push(l) });
  logger.addSecret(TOKEN);
  const exits: number[] = [];
  installProcessGuards(proc as unknown as GuardedProcess, { logger: () => logger, exit: (code) => exits.push(code), flushMs: 50 });
  return { proc, lines, exits };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('process guards', () => {
  it('logs an unhandled rejection, redacted, and keeps running', () => {
    const { proc, lines, exits } = setup();
    proc.emit('unhandledRejection', new Error(`plaid said no for ${TOKEN}`));
    proc.emit('unhandledRejection', { accessToken: TOKEN });
    vi.advanceTimersByTime(10_000);
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ERROR unhandled promise rejection \(kept running\): Error: plaid said no for \[redacted\] \| at /);
    expect(lines[1]).toMatch(/ERROR unhandled promise rejection \(kept running\): a non-error value \(object\)$/);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('logs an uncaught exception, redacted, and exits once after letting the log flush', () => {
    const { proc, lines, exits } = setup();
    proc.emit('uncaughtException', new TypeError(`bad ${TOKEN}`), 'uncaughtException');
    proc.emit('uncaughtException', new Error('and another'), 'uncaughtException');
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatch(/ERROR uncaught exception \(uncaughtException; exiting\): TypeError: bad \[redacted\]/);
    expect(lines[1]).toMatch(/and another/);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('survives a logger that throws', () => {
    const proc = new EventEmitter();
    installProcessGuards(proc as unknown as GuardedProcess, { logger: () => { throw new Error('disk full'); }, exit: () => undefined });
    expect(() => proc.emit('unhandledRejection', new Error('x'))).not.toThrow();
  });

  it('describes errors on one line and never prints a non-error value', () => {
    expect(describeError('secret string')).toBe('a non-error value (string)');
    const e = new RangeError('out');
    e.stack = 'RangeError: out\n    at f (a.js:1:1)\n    at g (b.js:2:2)';
    expect(describeError(e)).toBe('RangeError: out | at f (a.js:1:1) | at g (b.js:2:2)');
  });
});
