/**
 * The discrete-event simulator of a DAG of tasks on resources: `simulate` runs it,
 * `traceToChromeJson` exports its trace for Perfetto / chrome://tracing.
 */
export { simulate } from './simulate.js';
export { traceToChromeEvents, traceToChromeJson } from './chrome.js';
export type { ChromeTrace, ChromeTraceEvent, ChromeTraceOptions } from './chrome.js';
export type {
  BindingKind,
  CriticalPath,
  CycleInfo,
  DeadlockInfo,
  DeviceMemory,
  ResourceStats,
  SimDependency,
  SimMemoryEvent,
  SimResource,
  SimTask,
  SimulationInput,
  TaskRecord,
  Trace,
} from './types.js';
