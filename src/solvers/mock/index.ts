export { mockBackend, type MockBackend, type ScriptedAnswer } from './backend.js';
