import { readFile } from 'node:fs/promises';
import type { ClientFeaturesResponse, UnleashConfig } from 'unleash-client';

/** One feature toggle as Unleash serves it on `/api/client/features`. */
export type FeatureToggle = ClientFeaturesResponse['features'][number];

type BootstrapProvider = NonNullable<NonNullable<UnleashConfig['bootstrap']>['bootstrapProvider']>;

export interface BootstrapSource {
  /** A JSON file: the body of `GET /api/client/features` (`{"features": [...]}`) or a bare array of toggles. */
  readonly file?: string | undefined;
  /** Toggles given in code (tests). Wins over `file`. */
  readonly features?: readonly FeatureToggle[] | undefined;
}

/**
 * Hands unleash-client the bootstrap toggles and tells us when it does: the SDK then emits `changed` as
 * it does after a fetch, and this is how we know that one came from the bootstrap, not from Unleash.
 * A file that cannot be read or parsed is reported by the SDK as a `warn` event.
 */
export function createBootstrapProvider(
  source: BootstrapSource,
  onDelivered: (toggles: number) => void,
): BootstrapProvider {
  return {
    async readBootstrap() {
      const response = source.features
        ? { version: 2, features: [...source.features] }
        : source.file
          ? parseBootstrap(await readFile(source.file, 'utf8'), source.file)
          : undefined;
      if (!response || response.features.length === 0) return undefined;
      onDelivered(response.features.length);
      return response;
    },
  };
}

export function parseBootstrap(text: string, file: string): ClientFeaturesResponse {
  const parsed: unknown = JSON.parse(text);
  const body = isRecord(parsed) ? parsed : {};
  const features: unknown = Array.isArray(parsed) ? parsed : body['features'];
  if (!Array.isArray(features) || !features.every(isToggle)) {
    throw new Error(`${file}: expected {"features": [...]} as GET /api/client/features answers`);
  }
  const segments = Array.isArray(body['segments'])
    ? (body['segments'] as ClientFeaturesResponse['segments'])
    : [];
  return { version: 2, features, segments };
}

function isToggle(value: unknown): value is FeatureToggle {
  return (
    isRecord(value) &&
    typeof value['name'] === 'string' &&
    typeof value['enabled'] === 'boolean' &&
    (value['strategies'] === undefined || Array.isArray(value['strategies']))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
