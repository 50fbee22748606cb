// Transport names, kept apart from the zod schemas so that the sandboxed preload can import
// them without bundling zod.

/** The HTTP host serves each method at POST /api/<method>. */
export const HTTP_API_PREFIX = '/api/';
/** The HTTP host takes a file as the raw body of POST /files/uploads (streamed to disk) and answers its upload id. */
export const HTTP_UPLOAD_PATH = '/files/uploads';
/** A finished job's file, streamed from disk: GET /files/jobs/<jobId>/<name>. */
export const HTTP_JOB_FILE_PREFIX = '/files/jobs/';
/** The Electron IPC channel every call goes through. */
export const IPC_CHANNEL = 'rasoat:call';
/** The Electron IPC channels of files: an upload's bytes in, a job's file out. */
export const IPC_UPLOAD_CHANNEL = 'rasoat:upload';
export const IPC_JOB_FILE_CHANNEL = 'rasoat:job-file';
