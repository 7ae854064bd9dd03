import type { HealthImplementation } from 'grpc-health-check';
import type { Runtime } from '@agent-mitra/runtime';

export const DEFAULT_HEALTH_INTERVAL_MS = 5_000;

/**
 * Keeps `grpc.health.v1.Health` honest: pings the store every `intervalMs` and reports NOT_SERVING for
 * the server ('') and each service while it does not answer, SERVING again once it does (logged once
 * per change). Returns stop().
 */
export function watchStoreHealth(
  runtime: Pick<Runtime, 'store' | 'logger'>,
  health: HealthImplementation,
  services: readonly string[],
  intervalMs: number,
): () => void {
  let serving = true;
  let stopped = false;
  const check = async () => {
    const ok = await runtime.store.ping().then(
      () => true,
      () => false,
    );
    if (stopped || ok === serving) return;
    serving = ok;
    for (const service of services) health.setStatus(service, ok ? 'SERVING' : 'NOT_SERVING');
    if (ok) runtime.logger.info('store answers again: health SERVING');
    else runtime.logger.warn('store does not answer: health NOT_SERVING');
  };
  const timer = setInterval(() => void check(), intervalMs).unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
