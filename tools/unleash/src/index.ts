export { UnleashAdmin, type Constraint, type StrategyTarget } from './admin-api';
export { startUnleash, type RunningUnleash, type StartUnleashOptions } from './start-unleash';
