import { ResponseSealer } from './response-sealer';

describe('ResponseSealer', () => {
  const sealer = new ResponseSealer('a-test-secret-of-at-least-thirty-two-characters');

  it('round-trips a response and hides its text', () => {
    const body = JSON.stringify({ username: 'an.nguyen', oneTimePassword: 'Kx9-secret' });
    const sealed = sealer.seal(body, 'user\nkey');
    expect(sealed.toString('utf8')).not.toContain('Kx9-secret');
    expect(sealer.open(sealed, 'user\nkey')).toBe(body);
  });

  it('refuses another row, another secret, or altered bytes', () => {
    const sealed = sealer.seal('{"id":1}', 'user\nkey');
    expect(sealer.open(sealed, 'user\nother-key')).toBeNull();
    expect(new ResponseSealer('another-secret-of-at-least-thirty-two-chars').open(sealed, 'user\nkey')).toBeNull();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(sealer.open(altered, 'user\nkey')).toBeNull();
    expect(sealer.open(Buffer.alloc(3), 'user\nkey')).toBeNull();
  });
});
