import { performance } from 'node:perf_hooks';
import bcrypt from 'bcryptjs';
import { describe, expect, test } from 'vitest';
import { comparePassword, hashPassword } from './passwords';

describe('password hashing off the event loop', () => {
  test('compares and hashes like bcrypt', async () => {
    const hash = bcrypt.hashSync('skillproof-demo', 4);
    expect(await comparePassword('skillproof-demo', hash)).toBe(true);
    expect(await comparePassword('wrong', hash)).toBe(false);
    const made = await hashPassword('another', 4);
    expect(bcrypt.compareSync('another', made)).toBe(true);
  });

  test('20 parallel sign-ins leave the event loop free for other requests', async () => {
    const hash = bcrypt.hashSync('skillproof-demo', 10);
    await comparePassword('warm-up', hash); // start the worker outside the measurement
    // Timer lateness while the compares run: what another request would wait before it is served.
    let worstLagMs = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstLagMs = Math.max(worstLagMs, now - last - 5);
      last = now;
    }, 5);
    const before = performance.eventLoopUtilization();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => comparePassword(i % 2 ? 'skillproof-demo' : 'wrong', hash)));
    const used = performance.eventLoopUtilization(before);
    clearInterval(timer);
    expect(results.filter(Boolean)).toHaveLength(10);
    // On the main thread (bcryptjs async) the loop is busy nearly all the time (utilisation ~0.9-1.0).
    expect(used.utilization).toBeLessThan(0.3);
    expect(worstLagMs).toBeLessThan(250);
  });
});
