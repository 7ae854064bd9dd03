export { startTestRuntime, type TestRuntime } from './lib/test-runtime';
export { LogCapture } from './lib/log-capture';
