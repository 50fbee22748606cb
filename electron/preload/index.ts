import { contextBridge, ipcRenderer } from 'electron';
import type { ApiTransport } from '../../shared/api/contract';
import { IPC_CHANNEL } from '../../shared/api/channels';

/**
 * The bridge: window.api.call(method, input) and nothing else. The main process validates the
 * method and the input against the contract; the renderer never sees ipcRenderer itself.
 */
const api: ApiTransport = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
};

contextBridge.exposeInMainWorld('api', api);
