import * as api from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { logsApi, registeredGlobalLoggerProvider } from '../../src/otel/logs-api.js';
import { newRecordUid } from '../../src/otel/record-uid.js';

afterEach(() => {
  logsApi?.disable();
});

describe('the Logs API of the installed OpenTelemetry line', () => {
  it('comes from @opentelemetry/api when it carries one (1.10+, the 3.x line), else from @opentelemetry/api-logs', async () => {
    const fromApi = (api as unknown as { logs?: unknown }).logs;
    if (fromApi !== undefined) {
      expect(logsApi).toBe(fromApi);
    } else {
      const apiLogs: string = '@opentelemetry/api-logs';
      expect(logsApi).toBe(((await import(apiLogs)) as { logs: unknown }).logs);
    }
  });

  it('tells a registered global logger provider from the empty proxy', () => {
    expect(registeredGlobalLoggerProvider()).toBeUndefined();
    const provider = new LoggerProvider();
    logsApi!.setGlobalLoggerProvider(provider);
    expect(registeredGlobalLoggerProvider()).toBeDefined();
    logsApi!.disable();
    expect(registeredGlobalLoggerProvider()).toBeUndefined();
  });
});

describe('log.record.uid values', () => {
  it('are ULIDs: 26 Crockford base32 characters, the first 10 the time, unique', () => {
    const t = Date.UTC(2026, 10, 24, 12, 0, 0);
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) ids.add(newRecordUid(t));
    expect(ids.size).toBe(5000);
    const id = [...ids][0];
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let time = 0;
    for (const c of id.slice(0, 10)) time = time * 32 + alphabet.indexOf(c);
    expect(time).toBe(t);
    expect(newRecordUid(-5).slice(0, 10)).toBe('0000000000');
  });
});
