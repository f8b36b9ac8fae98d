import { createHmac } from 'node:crypto';
import { absoluteLink, webhookSignature } from './notification.activities';

describe('webhook helpers', () => {
  it('signs the exact body with HMAC-SHA256, hex, prefixed with the algorithm', () => {
    const body = JSON.stringify({ id: 'n1', title: { vi: 'Quá hạn trả lời' } });
    const expected = createHmac('sha256', 'k').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(webhookSignature('k', body)).toBe(`sha256=${expected}`);
    expect(webhookSignature('k', `${body} `)).not.toBe(`sha256=${expected}`);
    expect(webhookSignature('other', body)).not.toBe(`sha256=${expected}`);
  });

  it('makes links absolute against the public URL, keeping its path', () => {
    expect(absoluteLink('http://127.0.0.1:3000', '/cases/c1')).toBe('http://127.0.0.1:3000/cases/c1');
    expect(absoluteLink('https://bnv.example.gov.vn/app/', '/cases/c1')).toBe(
      'https://bnv.example.gov.vn/app/cases/c1',
    );
    expect(absoluteLink('https://bnv.example.gov.vn/app', 'cases/c1')).toBe('https://bnv.example.gov.vn/app/cases/c1');
    expect(absoluteLink('https://bnv.example.gov.vn', 'https://elsewhere.example/x')).toBe(
      'https://elsewhere.example/x',
    );
  });
});
