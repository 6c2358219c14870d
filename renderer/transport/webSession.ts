/**
 * Web mode's per-launch token and the HTTP endpoints beside the WebSocket. The address Lectern
 * prints has the token (`/?token=…`); the server swaps it for a per-launch cookie and redirects to
 * the address without it, so requests normally carry the cookie and no token in their URLs.
 */
export function webToken(location: Pick<Location, 'search'> = window.location): string {
  return new URLSearchParams(location.search).get('token') ?? '';
}

/** True in the desktop app (the preload bridge is there), false in a browser. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.lectern !== undefined;
}

function withToken(path: string): string {
  const url = new URL(path, window.location.href);
  const token = webToken();
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Where a document's original file is served. The only place this address is built: the web
 * server answers it with Range support; the desktop app will serve the same path from a custom
 * protocol, which is why it resolves against the page's own origin.
 */
export function documentFileUrl(documentId: string): string {
  return withToken(`/api/documents/${encodeURIComponent(documentId)}/file`);
}

/**
 * Sends a file picked or dropped in the browser to the server, which stores it in a staging
 * folder and answers with the path to pass to `library:ingest`.
 */
export async function uploadFile(file: File, signal?: AbortSignal): Promise<string> {
  const url = new URL(withToken('/api/upload'));
  url.searchParams.set('name', file.name);
  const response = await fetch(url, { method: 'POST', body: file, signal, headers: { 'content-type': 'application/octet-stream' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(`Could not upload ${file.name}: ${message}`);
  }
  const { path } = (await response.json()) as { path: string };
  return path;
}
