import crypto from 'node:crypto';
import { assertCodeFormat, codeMatches, generateCode, hashCode } from './code';

describe('codes', () => {
  it('have the asked length, digits only', () => {
    for (const length of [4, 6, 10]) expect(generateCode(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });

  it('are uniformly random: every digit in every position about equally often', () => {
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    const samples = 20_000;
    for (let i = 0; i < samples; i += 1) {
      const code = generateCode(6);
      for (let p = 0; p < 6; p += 1) {
        const row = counts[p] as number[];
        const digit = Number(code[p]);
        row[digit] = (row[digit] ?? 0) + 1;
      }
    }
    // Chi-square with 9 degrees of freedom: 27.88 is the 0.1% critical value.
    for (const row of counts) {
      const expected = samples / 10;
      const chi = row.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
      expect(chi).toBeLessThan(27.88);
    }
  });

  it('come from crypto.randomInt', () => {
    const spy = jest.spyOn(crypto, 'randomInt');
    generateCode(6);
    expect(spy).toHaveBeenCalledTimes(6);
    spy.mockRestore();
  });

  it('are stored as a keyed hash that is not the code and differs per request and secret', () => {
    const hash = hashCode('secret-a', 'req-1', '482913');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('482913');
    expect(hashCode('secret-a', 'req-2', '482913')).not.toBe(hash);
    expect(hashCode('secret-b', 'req-1', '482913')).not.toBe(hash);
  });

  it('are compared in constant time', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    const stored = hashCode('s', 'r', '482913');
    expect(codeMatches('s', 'r', '482913', stored)).toBe(true);
    expect(codeMatches('s', 'r', '482914', stored)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('accept 4 to 10 digits from callers and nothing else', () => {
    for (const ok of ['0042', '123456', '1234567890']) expect(() => assertCodeFormat(ok)).not.toThrow();
    for (const bad of ['123', '12345678901', '12a456', ' 123456', '', '１２３４５６']) {
      expect(() => assertCodeFormat(bad)).toThrow(expect.objectContaining({ code: 'INVALID_OTP_FORMAT' }));
    }
  });
});
