import type {
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
} from '../spec';

/** Options of {@link createFakeTranslator}. */
export interface FakeTranslatorOptions {
  limits?: Partial<TranslationLimits>;
  detectsLanguage?: boolean;
  glossary?: 'native' | 'markup' | 'none';
  /** Called before answering; throw to fail the request, await to add latency. */
  beforeAnswer?: (request: TranslationRequest, callNumber: number) => unknown;
  /** Turns a text into its "translation". Default: `[<target>] <text upper-cased>`. */
  translate?: (text: string, target: string) => string;
}

/** A fake provider and the requests it received. */
export interface FakeTranslator extends TranslationProvider {
  readonly calls: TranslationRequest[];
}

/**
 * An in-process provider for tests and benchmarks: deterministic output, no network, records every
 * request, and lets a test inject latency or failures per call.
 */
export function createFakeTranslator(options: FakeTranslatorOptions = {}): FakeTranslator {
  const calls: TranslationRequest[] = [];
  const translate =
    options.translate ?? ((text: string, target: string) => `[${target}] ${text.toUpperCase()}`);
  return {
    id: 'fake',
    apiVersion: '1',
    endpoint: 'memory://fake',
    limits: {
      maxItemsPerRequest: 100,
      maxCharactersPerRequest: 5_000,
      charactersCountPerTarget: true,
      ...options.limits,
    },
    capabilities: {
      detectsLanguage: options.detectsLanguage ?? true,
      multipleTargets: true,
      glossary: options.glossary ?? 'none',
    },
    billing: {
      provider: 'fake',
      service: 'fake',
      sku: 'fake',
      characterCounting: 'utf16',
      billedPerTarget: true,
      billsMarkup: false,
    },
    calls,
    async translate(request: TranslationRequest): Promise<TranslationResponse> {
      calls.push(request);
      await options.beforeAnswer?.(request, calls.length);
      return {
        items: request.texts.map((text) => ({
          translations: Object.fromEntries(request.to.map((target) => [target, translate(text, target)])),
          ...(request.from === undefined ? { detectedLanguage: { language: 'es', score: 1 } } : {}),
        })),
        meteredCharacters: request.texts.reduce((sum, text) => sum + text.length, 0) * request.to.length,
        warnings: [],
      };
    },
  };
}
