// `npm run whatsapp:template [-- --dry-run]` (through @swc-node/register): see run.ts.
import { runWhatsAppTemplate } from './run';

runWhatsAppTemplate(process.argv.slice(2), process.env, process.cwd(), (text) =>
  process.stdout.write(text),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`whatsapp:template: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
