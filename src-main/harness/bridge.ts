// What `window.desk` is in the browser: the same shape the preload exposes in Electron (contract/bridge.ts, DeskBridge).
// Sent to the page as a script; a file is produced in the core's process and streams from the server as a download.
export const BRIDGE_JS = `(() => {
  const refused = (status) => ({ ok: false, error: { reason: 'harness.refused', code: 'INTERNAL', message: 'The test harness refused the request (' + status + '). Please reopen the address printed in the terminal.' } });
  const post = async (path, method, input) => {
    const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, input }) });
    if (!res.ok) return refused(res.status);
    return res.json();
  };
  const call = (method, input) => post('/__api/call', method, input);
  const saveExport = async (method, input) => {
    const r = await post('/__api/export', method, input);
    if (!r.ok) return r;
    const a = document.createElement('a');
    a.href = '/__api/download/' + r.value.token; a.download = r.value.fileName; a.rel = 'noopener';
    document.body.appendChild(a); a.click(); a.remove();
    return { ok: true, value: { saved: true, fileName: r.value.fileName, info: r.value.info } };
  };
  const openExternal = async (url) => { if (/^https:/.test(url)) window.open(url, '_blank', 'noopener'); };
  Object.defineProperty(window, 'desk', { value: Object.freeze({ host: 'harness', call, saveExport, openExternal }) });
})();`;
