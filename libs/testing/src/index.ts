export { startTestRuntime, type TestRuntime } from './lib/test-runtime';
export { LogCapture } from './lib/log-capture';
export { storedRows } from './lib/stored-rows';
export {
  controlCharacter,
  hostileObjectText,
  hostileQuery,
  hostileString,
  hostileValue,
  hugeString,
  PROTOTYPE_KEYS,
  safeText,
} from './lib/hostile';
