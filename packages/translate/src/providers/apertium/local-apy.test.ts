import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import {
  APERTIUM_INSTALL_COMMAND,
  installedApertiumPackages,
  isApyAnswering,
  startLocalApy,
} from './local-apy';

describe('startLocalApy (the real engine, as CI installs it)', () => {
  it('starts APY on loopback with the installed pairs, answers, and stops', async () => {
    const apy = await startLocalApy();
    try {
      expect(apy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(apy.modes).toContain('spa-eng');
      expect(await isApyAnswering(apy.url)).toBe(true);
    } finally {
      await apy.stop();
    }
    expect(await isApyAnswering(apy.url)).toBe(false);
  }, 60_000);

  it('says the one command that installs the engine when it is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'toex-modes-'));
    try {
      const failure = await startLocalApy({ modesDirectory: empty }).catch((error: unknown) => error);
      expect(ConfigurationError.isInstance(failure) && failure.code).toBe('apertium_not_installed');
      expect((failure as Error).message).toContain(APERTIUM_INSTALL_COMMAND);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('names the installed pair packages and their versions, for the manifest', async () => {
    const packages = await installedApertiumPackages();
    expect(packages['apertium-eng-spa']).toMatch(/^\d/);
    expect(packages['apertium-apy']).toMatch(/^\d/);
  });
});
