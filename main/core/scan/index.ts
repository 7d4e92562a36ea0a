// The scan module's one entry: the adapter factory and what callers outside scan/ may use.
export { createScanner, type Scanner, type ScannerOptions } from './create-scanner';
export type { OwnerHidden, OwnerHiddenCode } from './owner-hidden';
export { parseStat } from './linux/proc-process';
export { commandLine } from './run-command';
export { type Capture, CaptureError, readCapture } from './capture/capture-format';
export { hostInfo, osLabel } from './capture/host-info';
export { recordingRunner } from './capture/record';
export { cliScanner, replayScanner } from './capture/replay-scanner';
export { takeCapture } from './capture/take-capture';
