// Browser benchmark of the simulation: 10,000 cases of a 50-activity flow with rework loops
// (the generator of bench.mjs), run by the app's own simulation worker in headless Chromium,
// each case on its own and with cases arriving and queueing. Prints figures only (never
// pass/fail): the worker's time from the request posted to the result received (the worker
// already started), the median of five runs. Run: cd tests/e2e && node sim-bench.mjs
import { serve, launch, openApp } from './harness.mjs';
import { generate } from './bench.mjs';

const RUNS = 5;
const server = await serve();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  const { doc } = generate(110);
  const activities = doc.nodes.filter((n) => n.type === 'task').length;
  for (const [name, arrivals] of [['each case on its own', null], ['cases arriving, 4 a day', 4]]) {
    const d = { ...doc, settings: arrivals ? { arrivals_per_day: arrivals } : undefined };
    const times = await page.evaluate(async ({ request, runs }) => {
      const worker = new Worker('./sim-worker.js');
      const next = () => new Promise((resolve) => { worker.onmessage = (m) => resolve(JSON.parse(m.data)); });
      await next(); // ready
      const out = [];
      for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        worker.postMessage(request);
        for (;;) {
          const m = await next();
          if (m.result || m.error) { if (m.error) throw new Error(m.error); break; }
        }
        out.push(performance.now() - t0);
      }
      worker.terminate();
      return out;
    }, { request: JSON.stringify({ doc: d, cases: 10000, seed: 1 }), runs: RUNS });
    times.sort((a, b) => a - b);
    console.log(`simulate 10,000 cases, ${activities} activities with loops, ${name}: median ${times[RUNS >> 1].toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await browser.close();
  await server.close();
}
