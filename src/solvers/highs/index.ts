export { highsBackend, loadHighs, optimalityGap } from './backend.js';
export { toHighsModelData, toHighsOptions, terminationOf, retryOptions } from './translate.js';
