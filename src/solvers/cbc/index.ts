/** The native CBC backend (the `cbc` executable of coinor-cbc, run as a child process). */
export { cbcBackend } from './backend.js';
