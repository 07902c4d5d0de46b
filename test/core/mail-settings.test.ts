import { describe, expect, it } from 'vitest';
import { decodeMailSettings, maskedSmtpUrl, parseMailFrom, parseSmtpUrl } from '../../src/core/mail.js';

/** `--smtp` and `--mail-from`: what is accepted, and errors that say what is wrong without repeating the password. */
describe('mail settings', () => {
  it('reads smtp:// (STARTTLS, 587) and smtps:// (TLS, 465), percent-encoded users and passwords, IPv6 hosts', () => {
    expect(parseSmtpUrl('smtp://guru%40acme.com:p%40ss%3Aw0rd@mail.acme.com')).toEqual({
      security: 'starttls',
      host: 'mail.acme.com',
      port: 587,
      user: 'guru@acme.com',
      password: 'p@ss:w0rd',
    });
    expect(parseSmtpUrl(' smtps://mail.acme.com ')).toEqual({ security: 'tls', host: 'mail.acme.com', port: 465, user: null, password: null });
    expect(parseSmtpUrl('smtp://u:p@[::1]:2525')).toMatchObject({ host: '::1', port: 2525 });
    expect(maskedSmtpUrl(parseSmtpUrl('smtp://u:p@[::1]:2525'))).toBe('smtp://u:****@[::1]:2525');
    expect(maskedSmtpUrl(parseSmtpUrl('smtps://guru%40acme.com@mail.acme.com'))).toBe('smtps://guru%40acme.com@mail.acme.com:465');
  });

  it('refuses what is not a mail server URL, naming the problem and never the password', () => {
    const cases: [string, RegExp][] = [
      ['mail.acme.com', /not a URL/],
      ['https://u:hunter22@mail.acme.com', /must start with smtp:\/\/ or smtps:\/\//],
      ['smtp://u:hunter22@mail.acme.com:0', /port must be from 1 to 65535/],
      ['smtp://u:hunter22@mail.acme.com:99999', /not a URL/],
      ['smtp://u:hunter22@mail.acme.com/x?y=1', /no path or options/],
      ['smtp://:hunter22@mail.acme.com', /a password but no user/],
      ['smtp://u:hunter22%zz@mail.acme.com', /badly percent-encoded/],
    ];
    for (const [url, message] of cases) {
      let error: Error | undefined;
      try {
        parseSmtpUrl(url);
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message, url).toMatch(message);
      expect(error?.message, url).not.toContain('hunter22');
    }
  });

  it('--mail-from is one plain address; stored settings are checked on the way back in', () => {
    expect(parseMailFrom(' Guru@Acme.com ')).toBe('guru@acme.com');
    expect(() => parseMailFrom('Guru <guru@acme.com>')).toThrow(/--mail-from must be a plain email address/);
    const settings = { smtp: parseSmtpUrl('smtp://u:p@h'), from: 'guru@acme.com' };
    expect(decodeMailSettings(JSON.stringify(settings))).toEqual(settings);
    expect(() => decodeMailSettings('{"smtp":{"host":1}}')).toThrow(/stored mail settings are unreadable — set them again/);
    expect(() => decodeMailSettings('not json')).toThrow(/unreadable/);
  });
});
