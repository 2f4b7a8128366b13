/** The GLPK backend (glpk.js, optional GPL peer dependency, loaded on first solve). */
export { glpkBackend } from './backend.js';
