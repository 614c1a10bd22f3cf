import type { Logger } from './logger';

const ignore = (): void => {};

/** A logger that drops everything: toex's default, so a library never writes to your terminal uninvited. */
export const silentLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
