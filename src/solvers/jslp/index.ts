/** The javascript-lp-solver backend (optional peer dependency, run in a worker thread). */
export { jslpBackend } from './backend.js';
