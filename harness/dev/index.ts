export { runDevServer, DEFAULT_IDLE_TIMEOUT_MINUTES, type DevServerOptions, type DevServerOutcome } from './dev-server';
export { DevHarnessClient, findDevHarness, type DevBusy, type DevLookup } from './dev-client';
export { serveDevBridge, type DevBackend, type DevBridge, type DevBridgeStatus } from './dev-bridge';
export { devLogDir, devStatePath, isProcessAlive, liveDevState, readDevState, DEV_STATE_FILE, type DevState } from './dev-state';
export { descendantsOf, isHarnessCommand, isProcessRunning, killHarnessGroups, listProcesses, type ProcessInfo } from './process-tree';
