// A what-if in the workshop: the purchasing process simulated with its requests arriving, the
// cycle time's spread drawn, the buyer flagged as overloaded; one more buyer, simulated again,
// shows before → after; the document itself is not changed by the what-if.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, shot } from './harness.mjs';
import { tid, waitStored, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));

scenario('a simulation shows the spread and the overloaded lane, and one more buyer shows before → after', async ({ page, errors }) => {
  await page.locator(`${tid('canvas')} ${tid('template-purchasing')}`).click();
  const doc = await waitStored(page, (d) => d.title === 'Non-stock material purchasing' && d.nodes?.length > 0);
  const buyer = doc.lanes.find((l) => l.name === 'Buyer').id;
  // Comparing quotes takes more or less time: exponential around its mean.
  const quotes = doc.nodes.find((n) => n.label === 'Compare quotes').id;
  await page.click(`${tid(`node-${quotes}`)} .outline`);
  await page.selectOption(tid('insp-dist'), 'exponential');
  await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).dist?.type === 'exponential', quotes);
  await page.locator(tid('simulation')).scrollIntoViewIfNeeded();
  await page.fill(tid('sim-cases'), '5000');
  await page.locator(tid('sim-cases')).press('Tab');
  await page.fill(tid('sim-arrivals'), '4');
  await page.locator(tid('sim-arrivals')).press('Tab');
  await page.click(tid('sim-run'));
  await page.waitForSelector(`${tid('sim-results')}[data-cases="5000"]`);
  // The histogram with p50, p90 and p95 marked.
  assert.equal(await page.locator(`${tid('sim-histogram')} rect.bin`).count(), 24);
  for (const m of ['p50', 'p90', 'p95']) await page.locator(tid(`sim-mark-${m}`)).waitFor();
  // The buyer at 4 requests a day is busy more than 85 % of the time: flagged.
  const lane = page.locator(tid(`sim-lane-${buyer}`));
  const busy = Number(await lane.getAttribute('data-utilisation'));
  assert.ok(busy > 0.85, `buyer ${busy}`);
  assert.match(await lane.getAttribute('class'), /over/);
  await page.locator(tid('sim-waits')).waitFor();
  await page.locator(tid('sim-utilisation')).scrollIntoViewIfNeeded();
  await shot(page, 'simulation');
  // What if the buyer had a colleague? Half a buyer is refused in words; typed through a
  // Chinese IME (full-width digits), two are taken.
  await page.fill(tid(`sim-capacity-${buyer}`), '0.5');
  await page.locator(tid(`sim-capacity-${buyer}`)).press('Tab');
  assert.equal(await page.locator(tid(`sim-capacity-${buyer}-error`)).textContent(), 'Must be at least 1');
  await page.fill(tid('sim-cases'), '2.5');
  await page.locator(tid('sim-cases')).press('Tab');
  assert.equal(await page.locator(tid('sim-cases-error')).textContent(), 'Must be a whole number');
  await page.fill(tid('sim-cases'), '５０００');
  await page.locator(tid('sim-cases')).press('Tab');
  await page.locator(tid('sim-cases-error')).waitFor({ state: 'detached' });
  await page.fill(tid(`sim-capacity-${buyer}`), '２');
  await page.locator(tid(`sim-capacity-${buyer}`)).press('Tab');
  await page.locator(tid(`sim-capacity-${buyer}-error`)).waitFor({ state: 'detached' });
  await page.click(tid('sim-run'));
  await page.waitForFunction(([id, before]) => {
    const el = document.querySelector(`[data-testid="sim-lane-${id}"]`);
    return el && Number(el.dataset.utilisation) < before * 0.7;
  }, [buyer, busy]);
  // Before → after, side by side.
  const mean = await page.locator(tid('sim-mean')).textContent();
  assert.match(mean, /→/);
  const [was, now] = mean.replace(/[^\d.→]/g, '').split('→').map(Number);
  assert.ok(now < was, `${was} → ${now}`);
  assert.match(await page.locator(tid(`sim-lane-${buyer}`)).textContent(), /→/);
  await page.locator(tid('sim-utilisation')).scrollIntoViewIfNeeded();
  await shot(page, 'simulation-what-if');
  // The what-if changed nothing in the document.
  const stored = await waitStored(page, (d) => d.title === 'Non-stock material purchasing');
  assert.equal(stored.lanes.find((l) => l.id === buyer).capacity, undefined);
  assert.equal(stored.settings?.arrivals_per_day, undefined);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a long simulation shows its progress and can be cancelled', async ({ page, errors }) => {
  await page.locator(`${tid('canvas')} ${tid('template-purchasing')}`).click();
  await waitStored(page, (d) => d.title === 'Non-stock material purchasing');
  await page.locator(tid('simulation')).scrollIntoViewIfNeeded();
  await page.fill(tid('sim-cases'), '1000000');
  await page.locator(tid('sim-cases')).press('Tab');
  await page.click(tid('sim-run'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="sim-progress"]')?.value) > 0);
  await page.click(tid('sim-cancel'));
  await page.locator(tid('sim-run')).waitFor();
  assert.equal(await page.locator(tid('sim-results')).count(), 0);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a simulation whose worker cannot be loaded says so and can be run again', async ({ page, errors }) => {
  await page.locator(`${tid('canvas')} ${tid('template-purchasing')}`).click();
  await waitStored(page, (d) => d.title === 'Non-stock material purchasing');
  await page.locator(tid('simulation')).scrollIntoViewIfNeeded();
  // The worker's wasm module out of reach: the worker's own script says so.
  await page.route('**/procmod-worker_bg.wasm', (route) => route.abort());
  await page.click(tid('sim-run'));
  const error = page.locator(tid('sim-error'));
  await error.waitFor();
  assert.match(await error.textContent(), /^The simulation stopped with an error; reload the page to try again \(procmod-worker_bg\.wasm: .+\)$/);
  await page.locator(tid('sim-run')).waitFor();
  // The script that starts it out of reach: the page hears the worker fail.
  await page.route('**/sim-worker.js', (route) => route.abort());
  await page.click(tid('sim-run'));
  await page.waitForFunction(() => !document.querySelector('[data-testid="sim-error"]')?.textContent.includes('procmod-worker_bg'));
  await error.waitFor();
  assert.match(await error.textContent(), /^The simulation stopped with an error; reload the page to try again \(.+\)$/);
  await page.locator(tid('sim-run')).waitFor();
  await error.scrollIntoViewIfNeeded();
  await shot(page, 'simulation-worker-unreachable');
  // Back in reach, the next run works.
  await page.unroute('**/procmod-worker_bg.wasm');
  await page.unroute('**/sim-worker.js');
  await page.click(tid('sim-run'));
  await page.waitForSelector(`${tid('sim-results')}[data-cases="10000"]`);
  assert.equal(await error.count(), 0);
  assert.deepEqual(errors.filter((e) => !/favicon|procmod-worker_bg|sim-worker|ERR_FAILED/.test(e)), []);
});
