/** `+919876543210` → `+91******3210`: the form kept at rest and written to logs (DESIGN §9). */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (digits.length <= 6) return `+${'*'.repeat(digits.length)}`;
  const countryLength = digits.startsWith('1') || digits.startsWith('7') ? 1 : 2;
  const head = digits.slice(0, countryLength);
  const tail = digits.slice(-4);
  return `+${head}${'*'.repeat(digits.length - countryLength - 4)}${tail}`;
}
