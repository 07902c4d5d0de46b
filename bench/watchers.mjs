// Child process for the ingest benches: opens N watch streams like N inboxes would (each in its
// own process in real life; here one process so the bench stays on 2 cores), prints "ready",
// then "done" once every stream has seen `total` message events.
// Arguments: where (a socket path, or a JSON endpoint such as {"server":{host,port,fingerprint}}),
// tokens (comma-separated; stream i uses token i mod their number), watchers, total.
import { DaemonClient } from '../dist/client/http.js';

const [where, tokens, watchers, total] = process.argv.slice(2);
const endpoint = where.startsWith('{') ? JSON.parse(where) : { socket: where };
const list = tokens.split(',');
const counts = new Array(Number(watchers)).fill(0);
const streams = await Promise.all(
  counts.map((_, i) =>
    new DaemonClient({ ...endpoint, token: list[i % list.length], version: '0.1.0' }).watch((event) => {
      if (event.type !== 'message') return;
      counts[i] += 1;
      if (counts.every((n) => n >= Number(total))) {
        process.stdout.write('done\n');
        for (const s of streams) s.close();
      }
    }),
  ),
);
process.stdout.write('ready\n');
