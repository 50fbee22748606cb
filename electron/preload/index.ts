import { contextBridge, ipcRenderer } from 'electron';
import type { ApiTransport } from '../../shared/api/contract';
import { IPC_CHANNEL, IPC_JOB_FILE_CHANNEL, IPC_UPLOAD_CHANNEL } from '../../shared/api/channels';
import type { FileTransport } from '../../shared/api/files';

/**
 * The bridge: window.api.call(method, input), and the two file doors (an upload's bytes in, a
 * job's file out), nothing else. The main process validates the method and the input against
 * the contract, and the files against the one size limit; the renderer never sees ipcRenderer itself.
 */
const api: ApiTransport & FileTransport = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
  upload: (name, bytes) => ipcRenderer.invoke(IPC_UPLOAD_CHANNEL, name, bytes),
  jobFile: (jobId, name) => ipcRenderer.invoke(IPC_JOB_FILE_CHANNEL, jobId, name),
};

contextBridge.exposeInMainWorld('api', api);
