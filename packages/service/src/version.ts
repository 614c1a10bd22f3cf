declare const __PACKAGE_VERSION__: string | undefined;

/** The `@toex/service` release, compiled in at build time (`0.0.0-test` when run from source). */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-test';
