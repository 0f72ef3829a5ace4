// Baseline of bench/web-start.ts: the least a local web UI can cost — a Node process that starts and
// serves one static page with a 50-row table.
import { createServer } from 'node:http';

const rows = Array.from({ length: 50 }, (_, i) => `<tr data-testid="queue-row"><td>PH-2026-${String(i).padStart(6, '0')}</td><td>ligne ${i}</td></tr>`).join('');
const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>base</title><table>${rows}</table></html>`;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
});
server.listen(0, '127.0.0.1', () => console.log(`URL http://127.0.0.1:${server.address().port}/`));
