// A priority function for `schedlab score rcpsp lst-priority.js --skeleton serial-sgs`:
// latest start time first, with the number of descendants to break ties.
export default function priority(activity) {
  return -activity.latestStart + activity.successorCount / 1000;
}
