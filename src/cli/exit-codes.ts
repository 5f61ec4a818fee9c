/** Exit codes, distinct so CI can tell outcomes apart (design.md §3). */
export const EXIT = {
  pass: 0,
  checksFailed: 1,
  usage: 2,
  thresholdsFailed: 3,
  regression: 4,
  aborted: 5,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
