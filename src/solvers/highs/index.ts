export { highsBackend, optimalityGap } from './backend.js';
export { loadHighs, setHighsModuleLoader, packageLoader, type HighsModuleLoader } from './runtime.js';
export { toHighsModelData, toHighsOptions, terminationOf, retryOptions } from './translate.js';
