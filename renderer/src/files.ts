import { call, fetchJobFile } from './api';

/** A file the core sent as base64, as a Blob URL the page can show or download (revoke it after). */
export function base64ToBlobUrl(base64: string, mime: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: mime }));
}

/** A file a finished job wrote (its first one without a name), as a Blob URL (revoke it after). */
export async function jobFileUrl(jobId: string, name?: string): Promise<{ name: string; url: string }> {
  // jobs.output says which file; the bytes come through the transport's file door, never as JSON.
  const info = await call('jobs.output', { jobId, ...(name ? { name } : {}) });
  const file = await fetchJobFile(jobId, info.name);
  return { name: file.name, url: URL.createObjectURL(new Blob([file.bytes], { type: file.mime })) };
}

/** Saves a Blob URL through the browser's download, then lets it go. */
export function saveUrl(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
