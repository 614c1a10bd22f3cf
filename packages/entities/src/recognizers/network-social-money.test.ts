import { describe, expect, it } from 'vitest';
import { resolveOverlaps } from '../extract/resolve-overlaps';
import { createCoordinatesRecognizer } from './coordinates';
import { createEmailRecognizer } from './email';
import { createIpRecognizer } from './ip';
import { createMacRecognizer } from './mac';
import { createMoneyRecognizer } from './money';
import { createSocialRecognizer } from './social';
import { findings, found } from './test-helpers';
import { createUrlRecognizer } from './url';

describe('contact and network recognizers', () => {
  it('email: internationalised addresses, lower-cased', () => {
    const result = findings(createEmailRecognizer(), 'mail Bob.Smith@Example.co.uk or юзер@почта.рф');
    expect(result.map((f) => f.normalized)).toEqual(['bob.smith@example.co.uk', 'юзер@почта.рф']);
  });
  it('url: schemes, www. and bare domains, without trailing punctuation', () => {
    expect(
      found(createUrlRecognizer(), 'see (https://x.com/a?b=1), www.shop.co.uk. and evil.ru/pay'),
    ).toEqual(['https://x.com/a?b=1', 'www.shop.co.uk', 'evil.ru/pay']);
    expect(found(createUrlRecognizer(), 'report.pdf www.microsoft http://microsoft')).toEqual([]);
  });
  it('ip: valid v4/v6 with CIDR, never times, versions or MAC addresses', () => {
    const ip = createIpRecognizer();
    // The IPv4 inside the mapped IPv6 address is found too; extraction keeps the longer one.
    expect(
      resolveOverlaps(findings(ip, '81.2.69.160, 10.0.0.0/8, fe80::1%eth0, ::ffff:192.0.2.1')).map(
        (f) => f.text,
      ),
    ).toEqual(['81.2.69.160', '10.0.0.0/8', 'fe80::1%eth0', '::ffff:192.0.2.1']);
    expect(found(ip, '14:05:09 1.2.3.4.5.6 256.1.1.1 aa:bb:cc:dd:ee:ff')).toEqual([]);
  });
  it('mac: colon, dash and Cisco forms, not broadcast', () => {
    const mac = createMacRecognizer();
    expect(findings(mac, '00-1A-2B-3C-4D-5E 001a.2b3c.4d5f').map((f) => f.normalized)).toEqual([
      '00:1a:2b:3c:4d:5e',
      '00:1a:2b:3c:4d:5f',
    ]);
    expect(found(mac, 'ff:ff:ff:ff:ff:ff')).toEqual([]);
  });
  it('coordinates: decimal with 3+ decimals and DMS', () => {
    const coordinates = createCoordinatesRecognizer();
    expect(
      findings(coordinates, 'at 51.50735, -0.12776 or 51°30\'26"N 0°7\'39"W').map((f) => f.normalized),
    ).toEqual(['51.507350,-0.127760', '51.507222,-0.127500']);
    expect(found(coordinates, 'costs 12.50, 13.75 or 95.1234, 10.1234')).toEqual([]);
  });
});

describe('social and money recognizers', () => {
  it('handles and hashtags in any script, never emails, times, order numbers or colours', () => {
    const social = createSocialRecognizer();
    expect(found(social, '@dealer_uk #london #مخدرات bob@x.com @5pm #123456 #ff00aa')).toEqual([
      '@dealer_uk',
      '#london',
      '#مخدرات',
    ]);
  });
  it('money with a currency symbol, code or word, normalised', () => {
    const money = createMoneyRecognizer();
    expect(findings(money, '£250, $1,200.50, €5k, 300 quid, GBP 1500').map((f) => f.normalized)).toEqual([
      'GBP 250',
      'USD 1200.50',
      'EUR 5000',
      'GBP 1500',
      'GBP 300',
    ]);
    expect(found(money, 'it costs 4.99 or 12.50')).toEqual([]);
  });
});
