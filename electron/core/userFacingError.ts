/**
 * An error whose message is a plain sentence fit for the user: the sync service, the link flows and
 * the IPC gate pass its message on; any other error becomes a fixed "see the log" line.
 */
export class UserFacingError extends Error {}
