// unzipper ships no types; only its central-directory readers are used (see xlsx-reader.ts).
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  interface CentralDirectory {
    files: Array<{ path: string; type: string; stream(password?: string): Readable }>;
  }
  const unzipper: {
    Open: {
      file(path: string): Promise<CentralDirectory>;
      buffer(buffer: Buffer): Promise<CentralDirectory>;
    };
  };
  export default unzipper;
}
