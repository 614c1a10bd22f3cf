import { describe, expect, it } from 'vitest';
import { assertSecureEndpoint, isLoopbackHost } from './assert-secure-endpoint';
import { findRequestId } from './find-request-id';
import { secureJsonParse, UnsafeJsonError } from './secure-json-parse';
import { toexUserAgent } from './toex-user-agent';

describe('assertSecureEndpoint', () => {
  it.each(['http://127.0.0.1:5000/x', 'http://127.8.9.10/x', 'http://localhost:8080/', 'http://[::1]:9000/'])(
    'allows loopback %s over plain HTTP',
    (url) => {
      expect(assertSecureEndpoint(url).href).toBe(new URL(url).href);
    },
  );

  it.each([
    'http://10.0.0.5/translate',
    'http://128.0.0.1/',
    'http://localhost.evil.test/',
    'http://127.0.0.1.nip.io/',
  ])('refuses %s over plain HTTP', (url) => {
    expect(() => assertSecureEndpoint(url)).toThrow(expect.objectContaining({ code: 'insecure_endpoint' }));
  });

  it('allows any host with allowInsecureHttp, and refuses non-HTTP schemes and relative URLs', () => {
    expect(assertSecureEndpoint('http://10.0.0.5/', { allowInsecureHttp: true }).hostname).toBe('10.0.0.5');
    expect(() => assertSecureEndpoint('ftp://example.test/')).toThrow(
      expect.objectContaining({ code: 'invalid_endpoint' }),
    );
    expect(() => assertSecureEndpoint('/translate?key=abc')).toThrow(
      expect.objectContaining({ code: 'invalid_endpoint' }),
    );
  });

  it('treats only real loopback names as loopback', () => {
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});

describe('toexUserAgent', () => {
  it('names the package and version', () => {
    expect(toexUserAgent('@toex/translate', '0.1.0')).toBe('toex/translate/0.1.0');
    expect(toexUserAgent('cli', '1.2.3-beta.1')).toBe('toex/cli/1.2.3-beta.1');
  });

  it('refuses parts that would corrupt the header', () => {
    expect(() => toexUserAgent('translate\r\nX-Evil: 1', '0.1.0')).toThrow(TypeError);
  });
});

describe('findRequestId', () => {
  it('finds the id under any of the providers’ header names', () => {
    expect(findRequestId(new Headers({ 'X-RequestId': 'azure-1' }))).toBe('azure-1');
    expect(findRequestId(new Headers({ 'apim-request-id': 'apim-2' }))).toBe('apim-2');
    expect(findRequestId(new Headers({ 'x-amzn-RequestId': 'aws-3' }))).toBe('aws-3');
    expect(findRequestId(new Headers())).toBeUndefined();
  });
});

describe('secureJsonParse', () => {
  it('parses ordinary JSON', () => {
    expect(secureJsonParse('{"a":[1,{"b":"constructor"}],"constructor":"fine"}')).toEqual({
      a: [1, { b: 'constructor' }],
      constructor: 'fine',
    });
  });

  it.each([
    '{"__proto__":{"isAdmin":true}}',
    '{"a":{"\\u005f_proto__":{"isAdmin":true}}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
  ])('refuses %s', (text) => {
    expect(() => secureJsonParse(text)).toThrow(UnsafeJsonError);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
