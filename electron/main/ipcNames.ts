/**
 * Wire names of the IPC channels: prefixed so they never collide with Electron's own. The preload repeats
 * these two strings (it may require only 'electron'); a test keeps them equal.
 */
export const IPC_INVOKE_PREFIX = 'sightline:';
export const IPC_EVENT_PREFIX = 'sightline-event:';
