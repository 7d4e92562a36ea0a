// The plain server that nodemon, concurrently and pm2 supervise: PORT from the environment only.
const http = require('node:http');

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('server.js: PORT is not set; the harness passes an ephemeral port');
  process.exit(2);
}
http
  .createServer((_req, res) => res.end(`portwarden toolchain fixture: node ${process.pid}\n`))
  .listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
