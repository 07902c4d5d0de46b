import { describe, expect, it } from 'vitest';
import { ConnectGate } from '../../src/whatsapp/connect-gate.js';

describe('the connect gate', () => {
  it('lets `max` in at once, the rest in the order they asked as slots free', async () => {
    const gate = new ConnectGate(2);
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const asks = [0, 1, 2, 3, 4].map(async (i) => {
      const release = await gate.take();
      order.push(i);
      releases.push(release);
    });
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    expect(gate.load).toEqual({ active: 2, waiting: 3 });
    releases[0]!();
    releases[0]!(); // twice is once
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    releases[1]!();
    releases[2]!();
    await Promise.all(asks);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    releases[3]!();
    releases[4]!();
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('a slot held past its time frees itself (a handshake that hangs blocks nobody for long)', async () => {
    const gate = new ConnectGate(1, 20);
    await gate.take(); // never released by hand
    const second = await Promise.race([gate.take().then(() => 'got it'), new Promise((r) => setTimeout(() => r('stuck'), 1_000))]);
    expect(second).toBe('got it');
  });
});
