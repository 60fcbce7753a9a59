import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, stdoutDestination } from '../../gateway/src/observability/logger.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOGGER = fileURLToPath(new URL('../../gateway/src/observability/logger.ts', import.meta.url));

/** Runs a script in a child process that logs through the default (stdout) destination. */
function child(script: string, until?: (out: string) => boolean): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: process.env });
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child did not finish; stdout so far: ${out}`));
    }, 60_000);
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (until?.(out)) proc.kill('SIGTERM');
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, code });
    });
  });
}

const lines = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; n?: number });

describe('request logs go to stdout buffered, and none are lost', () => {
  it('every logger of the process shares one buffered stdout destination', () => {
    const a = createLogger({ level: 'silent' }) as unknown as Record<symbol, unknown>;
    const b = createLogger({ level: 'info' }) as unknown as Record<symbol, unknown>;
    const stream = a[pino.symbols.streamSym] as { sync: boolean; minLength: number };
    expect(stream).toBe(stdoutDestination());
    expect(b[pino.symbols.streamSym]).toBe(stream);
    expect(stream.sync).toBe(true);
    expect(stream.minLength).toBe(4096);
  });

  it('an explicit destination is used as given', () => {
    const seen: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        seen.push(chunk.toString());
        done();
      },
    });
    createLogger({ destination: sink }).info({ credentials: { token: 'secret-token' } }, 'hello');
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]!)).toMatchObject({ msg: 'hello', service: 'retail360-gateway' });
    expect(seen[0]).not.toContain('secret-token');
  });

  it('lines still buffered when the process exits are written, in order', async () => {
    const { out, code } = await child(
      `const { createLogger } = await import(${JSON.stringify(LOGGER)});
       const log = createLogger();
       for (let n = 0; n < 50; n++) log.info({ n }, 'line');
       process.exit(0);`,
    );
    expect(code).toBe(0);
    expect(lines(out).map((l) => l.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
  }, 90_000);

  it('a quiet process shows its line without waiting for the buffer to fill', async () => {
    const { out } = await child(
      `const { createLogger } = await import(${JSON.stringify(LOGGER)});
       createLogger().info('alone');
       setTimeout(() => undefined, 60_000);`,
      (o) => o.includes('"msg":"alone"'),
    );
    expect(lines(out).map((l) => l.msg)).toEqual(['alone']);
  }, 90_000);
});
