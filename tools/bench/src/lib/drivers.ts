import { BENCH_WHATSAPP_APP_SECRET } from './app-env';
import { grpcTarget, runGrpc, type GrpcTarget } from './grpc-load';
import { runHttp, type HttpLoad } from './http-load';
import {
  collectPending,
  grpcSendLoad,
  metaStatusesLoad,
  mobileSendLoad,
  PhoneSequence,
  verifyLoad,
  type PendingCode,
} from './load-plans';
import type { Service } from './processes';
import type { Scenario } from './scenarios';
import type { LoadResult, RunResult } from './summary';

/** Runs the scenario's load against one server for some seconds. */
export type Drive = (seconds: number) => Promise<RunResult>;

export interface Drivers {
  readonly app: Drive;
  /** Null for the slow-provider scenario: its baseline is computed, not measured. */
  readonly baseline: Drive | null;
  close(): void;
}

interface Servers {
  readonly app: Service;
  readonly baseline: Service | null;
  readonly connections: number;
}

/** Verifies per second assumed before the first verify run was measured. */
const FIRST_VERIFY_GUESS = 2_000;

const origin = (service: Service) => `http://127.0.0.1:${service.port}`;

/** Runs a load and adds the CPU the server and this process used meanwhile. */
async function measured(service: Service, run: () => Promise<LoadResult>): Promise<RunResult> {
  const serverBefore = service.cpuSeconds();
  const driverBefore = process.cpuUsage();
  const result = await run();
  const driver = process.cpuUsage(driverBefore);
  return {
    ...result,
    serverCpuSeconds: service.cpuSeconds() - serverBefore,
    driverCpuSeconds: (driver.user + driver.system) / 1e6,
  };
}

function httpDrivers(servers: Servers, load: () => HttpLoad): Drivers {
  const drive =
    (service: Service): Drive =>
    (seconds) =>
      measured(service, () =>
        runHttp(load(), { origin: origin(service), connections: servers.connections, seconds }),
      );
  return {
    app: drive(servers.app),
    baseline: servers.baseline ? drive(servers.baseline) : null,
    close: () => undefined,
  };
}

/**
 * Verify needs one pending code per request: before each app run, mock-mode sends through the same
 * gateway (not measured) fill a pool of (phone, request_id) with as many codes as the last run verified
 * in `seconds`; the measured run then verifies each exactly once with the right code and stops when the
 * pool is used up (autocannon's `amount`), so it lasts about `seconds` and never runs dry. Its rate is
 * its answers over its own duration. The baseline gets the same bodies for `seconds`.
 */
function verifyDrivers(servers: Servers, phones: PhoneSequence): Drivers {
  let rate = FIRST_VERIFY_GUESS;
  const app: Drive = async (seconds) => {
    const pool: PendingCode[] = [];
    await runHttp(mobileSendLoad(phones, collectPending(pool)), {
      origin: origin(servers.app),
      connections: servers.connections,
      amount: Math.ceil(rate * seconds) + servers.connections,
    });
    const run = await measured(servers.app, () =>
      runHttp(verifyLoad(pool), {
        origin: origin(servers.app),
        connections: servers.connections,
        amount: pool.length,
      }),
    );
    rate = Math.max(1, run.ok / run.durationSeconds);
    return run;
  };
  const baseline = servers.baseline;
  return {
    app,
    baseline: baseline
      ? (seconds) =>
          measured(baseline, () =>
            runHttp(verifyLoad([]), { origin: origin(baseline), connections: servers.connections, seconds }),
          )
      : null,
    close: () => undefined,
  };
}

function grpcDrivers(servers: Servers, phones: PhoneSequence): Drivers {
  const appTarget = grpcTarget(servers.app.port);
  const baselineTarget = servers.baseline ? grpcTarget(servers.baseline.port) : null;
  const drive =
    (service: Service, target: GrpcTarget): Drive =>
    (seconds) =>
      measured(service, () =>
        runGrpc(target, grpcSendLoad(phones), { concurrency: servers.connections, seconds }),
      );
  const baseline = servers.baseline;
  return {
    app: drive(servers.app, appTarget),
    baseline: baseline && baselineTarget ? drive(baseline, baselineTarget) : null,
    close: () => {
      appTarget.close();
      baselineTarget?.close();
    },
  };
}

/** The load generators of a scenario, bound to its running app and baseline. */
export function startDrivers(scenario: Scenario, servers: Servers): Drivers {
  const phones = new PhoneSequence();
  switch (scenario.load) {
    case 'mobile-send':
    case 'real-send':
      return httpDrivers(servers, () => mobileSendLoad(phones));
    case 'mobile-verify':
      return verifyDrivers(servers, phones);
    case 'meta-statuses':
      return httpDrivers(servers, () => metaStatusesLoad(phones, BENCH_WHATSAPP_APP_SECRET));
    case 'grpc-send':
      return grpcDrivers(servers, phones);
  }
}
