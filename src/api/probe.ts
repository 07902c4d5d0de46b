import { connect } from 'node:net';

/**
 * Whether something accepts connections on a unix socket right now. Used by the daemon before
 * it starts (never remove a live daemon's socket) and by clients deciding how to reach the store.
 */
export function socketAnswers(path: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
