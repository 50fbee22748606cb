// Transport names, kept apart from the zod schemas so that the sandboxed preload can import
// them without bundling zod.

/** The HTTP host serves each method at POST /api/<method>. */
export const HTTP_API_PREFIX = '/api/';
/** The Electron IPC channel every call goes through. */
export const IPC_CHANNEL = 'rasoat:call';
