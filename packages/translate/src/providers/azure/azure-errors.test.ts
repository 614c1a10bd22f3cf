import { describe, expect, it } from 'vitest';
import { AZURE_ERROR_HINTS, parseAzureError } from './azure-errors';

// Codes listed on https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes
// that a translate request can meet (400001, 400004, 400006, 400018, 400042, 400043, 400070, 400073 and 400080
// belong to other methods or options toex does not send).
const documentedTranslateCodes = [
  '400000',
  '400002',
  '400003',
  '400005',
  '400019',
  '400020',
  '400021',
  '400023',
  '400035',
  '400036',
  '400050',
  '400064',
  '400071',
  '400072',
  '400074',
  '400075',
  '400077',
  '400079',
  '401000',
  '401015',
  '403000',
  '403001',
  '405000',
  '408001',
  '408002',
  '415000',
  '429000',
  '429001',
  '429002',
  '500000',
  '503000',
];

describe('parseAzureError', () => {
  it('has a hint for every documented error code a translate request can meet', () => {
    const missing = documentedTranslateCodes.filter((code) => AZURE_ERROR_HINTS[code] === undefined);
    expect(missing).toEqual([]);
  });

  it('reads the code and message of the documented body', () => {
    const details = parseAzureError(
      403,
      '{"error":{"code":403001,"message":"The operation isn\'t allowed because the subscription has exceeded its free quota."}}',
      new Headers(),
    );
    expect(details).toMatchObject({
      providerCode: '403001',
      message: "The operation isn't allowed because the subscription has exceeded its free quota.",
      retryable: false,
    });
    expect(details?.hint).toContain('F0');
  });

  it('returns nothing for bodies that are not Azure errors, so the HTTP status decides', () => {
    expect(parseAzureError(502, '<html>Bad Gateway</html>', new Headers())).toBeUndefined();
    expect(parseAzureError(500, '{"message":"other"}', new Headers())).toBeUndefined();
  });
});
