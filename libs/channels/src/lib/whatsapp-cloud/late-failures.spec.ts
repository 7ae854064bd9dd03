import { LATE_FAILURE_RULES, lateFailureFallsBack } from '../../index';

describe('a WhatsApp failure after acceptance', () => {
  it("falls back to SMS for the India cases of issue 11 (131026, 131049, 130472) and Meta's other reasons", () => {
    for (const code of ['131026', '131049', '130472', '131047', '131000', '132015']) {
      expect(lateFailureFallsBack(code)).toBe(true);
    }
  });

  it('falls back for codes Meta adds later and for a failure without a code', () => {
    expect(lateFailureFallsBack('139999')).toBe(true);
    expect(lateFailureFallsBack(null)).toBe(true);
    expect(lateFailureFallsBack('not-a-code')).toBe(true);
  });

  it('does not work around a refusal the user made (131050)', () => {
    expect(lateFailureFallsBack('131050')).toBe(false);
    expect(
      Object.entries(LATE_FAILURE_RULES)
        .filter(([, rule]) => !rule.fallBack)
        .map(([code]) => code),
    ).toEqual(['131050']);
  });
});
