import { serve, launch, openApp } from './harness.mjs';
import { generate } from './bench.mjs';
const total = Number(process.env.N || 10000);
const { doc } = generate(total);
const server = await serve(); const browser = await launch();
const { page } = await openApp(browser, server.url);
await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
await page.waitForFunction((t) => document.querySelector('[data-testid=doc-title]')?.textContent === t && document.querySelector('[data-role=node]:not(.ghost)'), doc.title);
const pt = await page.evaluate(() => { for (const g of document.querySelectorAll('[data-role=node]:not(.ghost)')) { const r = g.getBoundingClientRect(); if (r.left > 300 && r.top > 100 && r.right < innerWidth - 400 && r.bottom < innerHeight - 50) return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; } });
console.log('click', pt);
await page.mouse.click(pt.x, pt.y);
await page.waitForTimeout(1000);
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
await page.evaluate(() => { window.__m = []; new MutationObserver((l) => { for (const r of l) window.__m.push(r.type + ' ' + (r.target.getAttribute?.('class') || r.target.nodeName) + ' ' + (r.attributeName || '')); }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true }); });
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start');
for (let i = 0; i < 10; i++) await page.evaluate(() => new Promise((r) => { window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })); setTimeout(r, 300); }));
const { profile } = await cdp.send('Profiler.stop');
{
  const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas; const total = {};
  profile.samples.forEach((id, i) => { const n = byId.get(id); const k = n.callFrame.functionName || n.callFrame.url.slice(-30); self.set(k, (self.get(k) || 0) + (dt[i] || 0) / 1000); });
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const incl = new Map();
  profile.samples.forEach((id, i) => { const seen = new Set(); for (let x = id; x !== undefined; x = parent.get(x)) { const n = byId.get(x); const k = (n.callFrame.functionName || n.callFrame.url.slice(-30)).replace(/::h[0-9a-f]{16}$/, ''); if (seen.has(k)) continue; seen.add(k); incl.set(k, (incl.get(k) || 0) + (dt[i] || 0) / 1000); } });
  console.log([...incl].sort((a, b) => b[1] - a[1]).slice(0, 70).map(([k, v]) => `${v.toFixed(1)} ${k.slice(0, 150)}`).join('\n'));
}
process.exit(0);
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,disabled-by-default-devtools.timeline.invalidationTracking', transferMode: 'ReportEvents' });
await page.evaluate(() => new Promise((r) => { window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })); setTimeout(r, 600); }));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end'); await done;
const m = await page.evaluate(() => window.__m);
const counts = {}; for (const x of m) counts[x] = (counts[x] || 0) + 1;
console.log('mutations', m.length, Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 25));
const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
for (const e of events) {
  if (!main.has(`${e.pid}:${e.tid}`) || e.ph !== 'X') continue;
  if (['Paint', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Layerize', 'FunctionCall', 'TimerFire', 'EventDispatch', 'RunMicrotasks', 'v8.callFunction'].includes(e.name) && e.dur > 300)
    console.log(((e.ts - events[0].ts) / 1000).toFixed(1), e.name, (e.dur / 1000).toFixed(2), JSON.stringify(e.args?.data || e.args || {}).slice(0, 200));
}
const inv = events.filter((e) => e.name.includes('Invalidat')).slice(0, 15);
for (const e of inv) console.log(e.name, JSON.stringify(e.args?.data || {}).slice(0, 250));
await browser.close(); server.close();
