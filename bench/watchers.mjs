// Child process for the ingest bench: opens N watch streams like N inboxes would (each in its
// own process in real life; here one process so the bench stays on 2 cores), prints "ready",
// then "done" once every stream has seen `total` message events.
import { DaemonClient } from '../dist/client/http.js';

const [socket, token, watchers, total] = process.argv.slice(2);
const client = new DaemonClient({ socket, token, version: '0.1.0' });
const counts = new Array(Number(watchers)).fill(0);
const streams = await Promise.all(
  counts.map((_, i) =>
    client.watch((event) => {
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
