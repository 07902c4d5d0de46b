// One client connection of the WhatsApp simulator: the Noise handshake, the frames, the login
// (QR refs for a new device, or a linked account's session with its offline backlog) and its close.
import type { WebSocket } from 'ws';
import { NOISE_WA_HEADER, decodeBinaryNode, proto } from '@whiskeysockets/baileys';
import { onClientNode } from './client-stanzas.js';
import { transmit } from './delivery.js';
import { NoiseResponder, type KeyPair } from './noise.js';
import { offerQrRefs } from './pairing.js';
import type { Conn, SimulatorState } from './state.js';
import { historyNode, now, summarize } from './stanzas.js';

/** Takes a new websocket: reads its frames until it closes. */
export function acceptConnection(sim: SimulatorState, ws: WebSocket, serverStatic: KeyPair, certChain: Uint8Array): void {
  const conn: Conn = {
    ws,
    noise: new NoiseResponder(serverStatic, certChain),
    inBytes: Buffer.alloc(0),
    stage: 'hello',
    unacked: new Map(),
    closed: false,
  };
  sim.conns.add(conn);
  ws.on('message', (data: Buffer) => {
    conn.inBytes = Buffer.concat([conn.inBytes, data]);
    processBytes(sim, conn).catch((err: unknown) => {
      sim.errors.push(`connection error: ${String(err)}`);
      sim.log('error', err);
      ws.terminate();
    });
  });
  ws.on('close', () => {
    sim.retire(conn);
    sim.notify();
  });
  ws.on('error', () => undefined);
  sim.notify();
}

async function processBytes(sim: SimulatorState, conn: Conn): Promise<void> {
  for (;;) {
    if (conn.closed) return; // a dropped connection's last bytes are not acted on
    if (conn.stage === 'hello') {
      if (conn.inBytes.length < NOISE_WA_HEADER.length) return;
      const header = conn.inBytes.subarray(0, NOISE_WA_HEADER.length);
      if (!header.equals(NOISE_WA_HEADER)) throw new Error('bad noise header (routing info not supported)');
      const frame = takeFrame(conn, NOISE_WA_HEADER.length);
      if (!frame) return;
      conn.inBytes = conn.inBytes.subarray(NOISE_WA_HEADER.length + 3 + frame.length);
      sim.sendRaw(conn, conn.noise.serverHello(header, frame));
      conn.stage = 'finish';
      continue;
    }
    const frame = takeFrame(conn, 0);
    if (!frame) return;
    conn.inBytes = conn.inBytes.subarray(3 + frame.length);
    if (conn.stage === 'finish') {
      const { clientStatic, payload } = conn.noise.clientFinish(frame);
      conn.stage = 'transport';
      conn.clientStatic = clientStatic.toString('base64');
      onLogin(sim, conn, payload);
      continue;
    }
    const node = await decodeBinaryNode(conn.noise.decryptFrame(frame));
    sim.log('recv', JSON.stringify(summarize(node)));
    try {
      await onClientNode(sim, conn, node);
    } catch (err) {
      sim.errors.push(`handling <${node.tag}>: ${String(err)}`);
      sim.log('handler error', err);
    }
    sim.notify();
  }
}

function takeFrame(conn: Conn, offset: number): Buffer | undefined {
  const b = conn.inBytes;
  if (b.length < offset + 3) return undefined;
  const size = (b[offset]! << 16) | (b[offset + 1]! << 8) | b[offset + 2]!;
  if (b.length < offset + 3 + size) return undefined;
  return b.subarray(offset + 3, offset + 3 + size);
}

function onLogin(sim: SimulatorState, conn: Conn, payload: proto.ClientPayload): void {
  if (payload.devicePairingData) return offerQrRefs(sim, conn); // a new device: offer QR refs
  const number = String(payload.username ?? '');
  const account = sim.accounts.get(number);
  if (!account || account.device !== (payload.device ?? 0) || account.noisePub !== conn.clientStatic) {
    sim.log('login refused for', number);
    sim.send(conn, { tag: 'failure', attrs: { reason: '401', location: 'fake' } });
    sim.closeSoon(conn);
    return;
  }
  // a newer login replaces older connections of the same device
  for (const other of sim.loggedIn(number)) {
    if (other !== conn) {
      sim.send(other, { tag: 'stream:error', attrs: { code: '440' }, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] });
      sim.closeSoon(other);
    }
  }
  conn.account = account;
  const firstLogin = !account.loggedInOnce;
  account.loggedInOnce = true;
  sim.send(conn, {
    tag: 'success',
    attrs: { t: now(), lid: `${account.lid}@lid`, props: '1', abprops: '1', location: 'fake', creation: now() },
  });
  const backlog = account.queue.splice(0);
  for (const [i, node] of backlog.entries()) {
    if (!transmit(sim, conn, node, true)) {
      account.queue.push(...backlog.slice(i + 1)); // a fault dropped it mid-backlog
      return;
    }
  }
  sim.send(conn, { tag: 'ib', attrs: {}, content: [{ tag: 'offline', attrs: { count: String(backlog.length) } }] });
  if (firstLogin && sim.options.autoInitialHistory) {
    sim.send(conn, historyNode(account, proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP, 100, 0, []));
  }
  sim.notify();
}
