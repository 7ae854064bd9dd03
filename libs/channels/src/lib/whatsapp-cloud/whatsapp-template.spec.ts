import { templateLanguage } from '../../index';

describe('templateLanguage', () => {
  it.each([
    ['en', 'en'],
    ['EN', 'en'],
    ['en-US', 'en_US'],
    ['en_gb', 'en_GB'],
    ['en-IN', 'en'],
    ['hi', 'hi'],
    ['hi-IN', 'hi'],
    ['ta_IN', 'ta'],
    ['pa', 'pa'],
    ['fr', 'en_US'],
    ['', 'en_US'],
    ['not a locale', 'en_US'],
    [null, 'en_US'],
  ])('%s → %s (configured en_US)', (locale, language) => {
    expect(templateLanguage(locale, 'en_US')).toBe(language);
  });

  it('takes a custom map', () => {
    expect(templateLanguage('hi', 'en', { en: 'en' })).toBe('en');
  });
});
