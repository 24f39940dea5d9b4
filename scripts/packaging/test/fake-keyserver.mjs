// A stand-in key server for the release-key test (the real ones need the network): an HKP
// server on loopback that answers every key lookup with the key file given as its argument
// (whatever fingerprint was asked for, as a malicious server might), or "404 Not Found"
// without one. Prints its port on the first line of its output, and appends each request
// path to the file FAKE_KEYSERVER_LOG.
import fs from 'node:fs';
import http from 'node:http';

const keyFile = process.argv[2];
const server = http.createServer((req, res) => {
  if (process.env.FAKE_KEYSERVER_LOG) fs.appendFileSync(process.env.FAKE_KEYSERVER_LOG, `${req.url}\n`);
  if (!keyFile || !req.url.startsWith('/pks/lookup?op=get')) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('No results found');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/pgp-keys' });
  res.end(fs.readFileSync(keyFile));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
