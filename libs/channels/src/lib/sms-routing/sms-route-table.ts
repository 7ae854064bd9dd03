import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SmsProviderName } from '@agent-mitra/contract';

export interface SmsRouteEntry {
  /** ISO 3166-1 alpha-2, or `*`. */
  readonly country: string;
  readonly providers: readonly SmsProviderName[];
}

/**
 * SMS_ROUTES as a lookup: the destination's country (libphonenumber-js, from the E.164 number) picks its
 * providers in order of preference, `*` the rest. Providers without credentials are left out.
 */
export class SmsRouteTable {
  private readonly byCountry: ReadonlyMap<string, readonly SmsProviderName[]>;

  constructor(routes: readonly SmsRouteEntry[], configured: ReadonlySet<SmsProviderName>) {
    this.byCountry = new Map(
      routes.map((route) => [route.country, route.providers.filter((provider) => configured.has(provider))]),
    );
  }

  /** The ISO country of an E.164 number, or null when libphonenumber-js cannot tell. */
  static countryOf(e164: string): string | null {
    return parsePhoneNumberFromString(e164)?.country ?? null;
  }

  /** The configured providers for this number, in order; empty when none can carry it. */
  providersFor(e164: string): readonly SmsProviderName[] {
    const country = SmsRouteTable.countryOf(e164);
    return (country === null ? undefined : this.byCountry.get(country)) ?? this.byCountry.get('*') ?? [];
  }

  /** Every provider some route uses, in first-seen order. */
  get providers(): SmsProviderName[] {
    return [...new Set([...this.byCountry.values()].flat())];
  }
}
