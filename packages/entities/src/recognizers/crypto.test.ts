import { describe, expect, it } from 'vitest';
import { createBitcoinRecognizer } from './bitcoin';
import { createEthereumRecognizer, toChecksumAddress } from './ethereum';
import { createMoneroRecognizer } from './monero';
import { findings, found } from './test-helpers';
import { createTronRecognizer } from './tron';

describe('bitcoin recognizer', () => {
  const bitcoin = createBitcoinRecognizer();
  it('finds Base58Check, Bech32 and Bech32m addresses', () => {
    const text =
      '16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ' +
      'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297';
    expect(found(bitcoin, text)).toHaveLength(4);
  });
  it('rejects a failed checksum, mixed-case Bech32 and a v0 address encoded as Bech32m', () => {
    expect(
      found(bitcoin, '16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdQ'),
    ).toEqual([]);
  });
});

describe('ethereum recognizer', () => {
  const ethereum = createEthereumRecognizer();
  it('checks EIP-55 on mixed case (the EIP test vectors) and normalises to it', () => {
    for (const address of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    ]) {
      expect(toChecksumAddress(address.slice(2))).toBe(address);
      expect(findings(ethereum, address)[0]).toMatchObject({ validated: true, confidence: 1 });
    }
  });
  it('drops a mixed-case address whose checksum fails and keeps an unchecksummed one as unvalidated', () => {
    expect(found(ethereum, '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toEqual([]);
    const [lower] = findings(ethereum, '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
    expect(lower).toMatchObject({
      validated: false,
      normalized: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    });
  });
});

describe('tron recognizer', () => {
  it('finds Base58Check 0x41 addresses and rejects a typo', () => {
    const tron = createTronRecognizer();
    expect(found(tron, 'usdt TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toEqual([
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ]);
    expect(found(tron, 'usdt TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u')).toEqual([]);
  });
});

describe('monero recognizer', () => {
  it('finds a mainnet address with a valid Keccak checksum and rejects a typo', () => {
    const monero = createMoneroRecognizer();
    const address =
      '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';
    expect(found(monero, `xmr ${address}`)).toEqual([address]);
    expect(found(monero, `xmr ${address.slice(0, -1)}B`)).toEqual([]);
  });
});
