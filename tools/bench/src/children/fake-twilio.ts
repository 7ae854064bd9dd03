/**
 * The slow provider of the "real" scenario: the project's fake Twilio (tools/fake-providers) in its own
 * process, answering every request after `FAKE_LATENCY_MS`. Prints `{"msg":"listening","port":N}` and
 * answers the bench over IPC: `{type:'count'}` → what it received since the last `{type:'reset'}`
 * (`arrived` counts messages on arrival, the others when answered).
 */
import { createFakeProviders } from '@agent-mitra/fake-providers';

interface BenchMessage {
  readonly type: 'count' | 'reset';
}

async function main(): Promise<void> {
  const fakes = await createFakeProviders({ latencyMs: Number(process.env['FAKE_LATENCY_MS'] ?? 100) });
  process.on('message', (message: BenchMessage) => {
    if (message.type === 'reset') {
      fakes.reset();
      process.send?.({ type: 'reset' });
      return;
    }
    const twilio = fakes.requestsTo('twilio');
    const accepted = twilio.filter((request) => request.status === 201).length;
    const distinctTo = new Set(fakes.messages.map((m) => m.to)).size;
    // A message is recorded when it arrives, its request when answered (after the delay).
    const arrived = fakes.messages.length;
    process.send?.({ type: 'count', requests: twilio.length, accepted, distinctTo, arrived });
  });
  process.stdout.write(
    `${JSON.stringify({
      name: 'fake-twilio',
      msg: 'listening',
      port: Number(new URL(fakes.twilioUrl).port),
      twilioUrl: fakes.twilioUrl,
      accountSid: fakes.twilio.accountSid,
      authToken: fakes.twilio.authToken,
    })}\n`,
  );
  const stop = () => void fakes.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-twilio: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
