export { highsBackend, loadHighs, optimalityGap } from './backend.js';
export { toHighsModelData, toHighsOptions, terminationOf } from './translate.js';
