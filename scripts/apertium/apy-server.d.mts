/** Types for `apy-server.mjs`, which stays plain JavaScript so scripts can run it without a build. */

/** Debian's interpreter, which has python3-tornado. */
export declare const DEBIAN_PYTHON: string;
/** Where Debian's Apertium pair packages install their `.mode` files. */
export declare const DEFAULT_MODES_DIRECTORY: string;
/** APY's executable. */
export declare const APY_BINARY: string;
/** The command that installs APY and the Spanish↔English pair. */
export declare const INSTALL_HINT: string;

/** Options for {@link startApy}. */
export interface StartApyOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Modes to serve, e.g. `['spa-eng', 'eng-spa']`; absent serves every installed mode. */
  pairs?: string[];
  /** Shut down translation pipelines unused for this many seconds (APY `-m`). */
  idleSeconds?: number;
  /** Where the installed `.mode` files are; defaults to Debian's. */
  modesDirectory?: string;
  /** How long to wait for `/listPairs` to answer; default 20 s. */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL; default 5 s. */
  stopGraceMs?: number;
}

/** A running APY started by {@link startApy}. */
export interface RunningApy {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  /** Process id of the APY (Python) process. */
  pid: number;
  /** APY version, when it could be read. */
  version: string | undefined;
  /** Ends APY: SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

/** Starts APY on 127.0.0.1 and resolves once it answers `/listPairs`. */
export declare function startApy(options?: StartApyOptions): Promise<RunningApy>;
/** True when APY and at least one translation mode are installed. */
export declare function isApyInstalled(options?: { modesDirectory?: string }): boolean;
/** The installed mode names in a modes directory. */
export declare function listInstalledModes(modesDirectory?: string): string[];
/** The installed APY version, read from its source. */
export declare function readApyVersion(): string | undefined;
/** A free 127.0.0.1 port. */
export declare function findFreePort(): Promise<number>;
/** True when `url` answers `/listPairs` like APY. */
export declare function isApyAnswering(url: string, timeoutMs?: number): Promise<boolean>;
/** True while `pid` is a live (non-zombie) process. */
export declare function isProcessRunning(pid: number): boolean;
