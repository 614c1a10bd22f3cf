import { redactSecrets } from '@toex/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnectionOptions } from '../redis/redis-connection';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { cancelJob } from './cancel-job';
import { type JobQueue, openJobQueue } from './job-queue';
import { getJobStatus } from './job-status';
import { submitJob } from './submit-job';

let redis: TestRedisServer;
let queue: JobQueue;

beforeAll(async () => {
  redis = await startRedisServer();
  queue = openJobQueue({ redis: redis.url });
});

afterAll(async () => {
  await queue?.close();
  await redis?.stop();
});

describe('submitJob', () => {
  it('queues a job whose output defaults to toex translate’s, beside the input', async () => {
    const job = await submitJob(queue, {
      kind: 'translate',
      input: '/cases/op-1/phone.csv',
      to: ['en'],
      provider: 'azure',
    });
    expect(job.output).toBe('/cases/op-1/phone.translated.csv');
    expect(await getJobStatus(queue, job.jobId)).toMatchObject({
      state: 'waiting',
      input: job.input,
      output: job.output,
    });
    const workbook = await submitJob(queue, {
      kind: 'translate',
      input: '/cases/op-1/export.xlsx',
      to: ['en'],
      provider: 'azure',
    });
    expect(workbook.output).toBe('/cases/op-1/export.translated.xlsx');
  });

  it('refuses a payload that carries credentials, an unknown option or a relative path, before anything reaches Redis', async () => {
    const before = await queue.queue.count();
    await expect(
      submitJob(queue, {
        kind: 'translate',
        input: '/a.csv',
        to: ['en'],
        provider: 'azure',
        endpoint: 'https://user:secret-password-123@translator.example',
      }),
    ).rejects.toThrow(/must not carry credentials/);
    await expect(
      submitJob(queue, {
        kind: 'translate',
        input: '/a.csv',
        to: ['en'],
        provider: 'deepl',
        endpoint: 'https://api.deepl.example/v2?auth_key=abc',
      }),
    ).rejects.toThrow(/must not carry credentials/);
    await expect(
      submitJob(queue, {
        kind: 'translate',
        input: '/a.csv',
        to: ['en'],
        provider: 'azure',
        apiKey: 'k',
      } as never),
    ).rejects.toThrow(/not valid/);
    await expect(
      submitJob(queue, { kind: 'translate', input: 'a.csv', to: ['en'], provider: 'azure' }),
    ).rejects.toThrow(/absolute path/);
    expect(await queue.queue.count()).toBe(before);
  });

  it('keeps case and organisation budgets with the job, and refuses one without its case or organisation', async () => {
    const job = await submitJob(queue, {
      kind: 'translate',
      input: '/cases/op-3/phone.csv',
      to: ['en'],
      provider: 'azure',
      caseReference: 'OP-3',
      organisation: 'force-a',
      caseBudget: '500',
      organisationBudget: '20000.50',
    });
    expect((await queue.queue.getJob(job.jobId))?.data).toMatchObject({
      caseBudget: '500',
      organisationBudget: '20000.50',
    });
    const before = await queue.queue.count();
    const base = { kind: 'translate' as const, input: '/a.csv', to: ['en'], provider: 'azure' as const };
    await expect(submitJob(queue, { ...base, caseBudget: '5' })).rejects.toThrow(
      /caseBudget: a case budget needs the case/,
    );
    await expect(submitJob(queue, { ...base, organisationBudget: '5' })).rejects.toThrow(
      /organisationBudget: an organisation budget needs the organisation/,
    );
    await expect(submitJob(queue, { ...base, caseReference: 'OP-3', caseBudget: '-5' })).rejects.toThrow(
      /not valid/,
    );
    await expect(
      submitJob(queue, { ...base, organisation: 'force-a', organisationBudget: '1e3' }),
    ).rejects.toThrow(/not valid/);
    expect(await queue.queue.count()).toBe(before);
  });

  it('cancels a waiting job: gone from the queue, reported cancelled', async () => {
    const job = await submitJob(queue, {
      kind: 'translate',
      input: '/cases/op-2/phone.csv',
      to: ['en'],
      provider: 'azure',
    });
    expect(await cancelJob(queue, job.jobId)).toEqual({ jobId: job.jobId, state: 'cancelled' });
    expect(await queue.queue.getJob(job.jobId)).toBeUndefined();
    expect(await getJobStatus(queue, job.jobId)).toMatchObject({
      state: 'cancelled',
      error: { code: 'cancelled' },
    });
    expect(await getJobStatus(queue, 'no-such-job')).toEqual({ jobId: 'no-such-job', state: 'unknown' });
  });

  it('names Redis without its password', () => {
    const password = 'redis-password-never-shown-42';
    const url = `rediss://toex:${password}@redis.internal:6380/0`;
    expect(redisConnectionOptions(url)).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      db: 0,
      username: 'toex',
      tls: { servername: 'redis.internal' },
    });
    // Registered with the redactor: any message that quotes it is cleaned.
    expect(redactSecrets(`connect failed: ${password}`)).not.toContain(password);
    expect(() => redisConnectionOptions(`http://toex:${password}@redis.internal`)).toThrow(
      /redis:\/\/ or rediss:\/\//,
    );
    expect(() => redisConnectionOptions(`http://toex:${password}@redis.internal`)).not.toThrow(
      new RegExp(password),
    );
  });
});
