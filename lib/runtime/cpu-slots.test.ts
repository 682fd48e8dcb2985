import { describe, expect, test } from 'vitest';
import { createCpuSlots } from './cpu-slots';

describe('cpu slots', () => {
  test('at most `limit` pieces of work run at once, in arrival order, and failures free their slot', async () => {
    const slots = createCpuSlots(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (i: number) =>
      slots.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running--;
        if (i === 3) throw new Error('boom');
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => work(i)));
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    expect(slots.running).toBe(0);
    expect(slots.waiting).toBe(0);
  });

  test('a timer due while work is queued runs between pieces of work, not after all of them', async () => {
    const slots = createCpuSlots(1);
    const busy = (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end);
    };
    let timerFiredAfter = -1;
    let done = 0;
    setTimeout(() => (timerFiredAfter = done), 1);
    // Each piece blocks the thread 20 ms without yielding, like a canonicalisation would.
    await Promise.all(Array.from({ length: 10 }, () => slots.run(async () => (busy(20), done++))));
    expect(timerFiredAfter).toBeGreaterThanOrEqual(0);
    expect(timerFiredAfter).toBeLessThan(10);
  });
});
