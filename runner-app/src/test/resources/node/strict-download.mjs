// Downloads a URL with Node's fetch (undici: a strict HTTP/1.1 parser, which refuses an answer
// that carries both Content-Length and Transfer-Encoding) and prints one JSON line:
// {"status", "bytes", "sha256", "contentLength", "transferEncoding"}, or {"error"} and exit 1.
// Usage: node strict-download.mjs URL [BEARER_TOKEN]
import { createHash } from 'node:crypto';

const [url, token] = process.argv.slice(2);
try {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  console.log(JSON.stringify({
    status: response.status,
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    contentLength: response.headers.get('content-length'),
    transferEncoding: response.headers.get('transfer-encoding'),
  }));
} catch (e) {
  const cause = e.cause ? `${e.cause.code ?? ''} ${e.cause.message ?? e.cause}` : '';
  console.log(JSON.stringify({ error: `${e.message} ${cause}`.trim() }));
  process.exit(1);
}
