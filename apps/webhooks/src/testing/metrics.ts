import type { Runtime } from '@agent-mitra/runtime';

/** The current value of one webhook counter for these labels (0 before the first increment). */
export async function counterValue(
  runtime: Runtime,
  name: 'deliveryReceipts' | 'webhookRejected',
  labels: Readonly<Record<string, string>>,
): Promise<number> {
  const { values } = await runtime.metrics[name].get();
  const match = values.find((v) =>
    Object.entries(labels).every(
      ([key, value]) => (v.labels as Record<string, string | number | undefined>)[key] === value,
    ),
  );
  return match?.value ?? 0;
}
