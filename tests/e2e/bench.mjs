import { pathToFileURL } from 'node:url';
// Browser performance benchmark: how the served build copes with big swimlane diagrams.
// Prints figures only (never pass/fail): time to open an imported document, frame and step
// times while dragging a shape, and the time to drop it. Run: cd tests/e2e && node bench.mjs
//
// Every wait is bounded, so a hung page ends the run with a message instead of hanging it.
// BENCH_TRACE=1 also prints where the main thread spends a drag step (the frame figures are
// then inflated by the tracing itself).
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, shot, dist } from './harness.mjs';
import { stored } from './helpers.mjs';

// BENCH_SIZES=1000,5000,10000,20000 for the large ones.
const SIZES = (process.env.BENCH_SIZES || '1000,5000').split(',').map(Number);
const NUDGES = 5;
const DRAG_DOC_PX = 200; // how far the shape moves, in document units (= screen px at 100 %)
const DRAG_STEPS = 30;
const OPEN_TIMEOUT = 120_000;
const STEP_TIMEOUT = 30_000;
const WATCHDOG = 20 * 60_000; // the whole run, whatever happens

const tid = (id) => `[data-testid="${id}"]`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects when `promise` takes longer than `ms` (CDP calls have no timeout of their own). */
function bounded(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** One requestAnimationFrame round trip: resolves once the page has produced the next frame. */
const nextFrame = (page) =>
  bounded(page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r()))), STEP_TIMEOUT, 'rAF');

const twoFrames = (page) => bounded(page.evaluate(() => new Promise((r) =>
  requestAnimationFrame(() => requestAnimationFrame(() => r())))), STEP_TIMEOUT, 'two rAFs');

function quantile(values, q) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]; // nearest rank
}
const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');

// ----- document generator ---------------------------------------------------------------------

/** Small seeded PRNG (mulberry32): the same N always gives the same document. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LANE_NAMES = ['Customer', 'Sales', 'Planning', 'Production', 'Quality', 'Shipping'];
const LANE_H = 160;
const STEP_X = 170;
const SIZE = { start: [40, 40], end: [40, 40], task: [120, 60], decision: [60, 60] };

/**
 * A swimlane process with about `total` elements (nodes + edges), one long left-to-right flow:
 * start → tasks (lanes changing now and then) → end, with a decision every 6–10 tasks whose
 * second way is a labelled rework loop 2–4 steps back. Since everything lies on the one main
 * path, every node is reachable from the start and reaches the end, so the metrics compute.
 */
export function generate(total, seed = total) {
  const rand = rng(seed);
  const pick = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const lanes = LANE_NAMES.map((name, i) => ({ id: `l${i + 1}`, name }));
  const nodes = [];
  const edges = [];
  const flow = []; // node ids in flow order
  let lane = 0;
  let pending = null; // the decision's forward way, waiting for the next node
  let edgeNo = 0;
  const addEdge = (from, to, extra = {}) => edges.push({ id: `e${++edgeNo}`, from, to, ...extra });

  const addNode = (id, type, extra = {}) => {
    const [w, h] = SIZE[type];
    const step = flow.length;
    // Centre every shape on the same line of its band so connectors run straight.
    const x = 80 + step * STEP_X + (120 - w) / 2;
    const y = lane * LANE_H + 80 - h / 2;
    const prev = flow[flow.length - 1];
    nodes.push({ id, type, ...extra, lane: lanes[lane].id, x, y });
    if (pending) {
      addEdge(pending.from, id, { label: 'ok', probability: pending.p });
      pending = null;
    } else if (prev) {
      addEdge(prev, id);
    }
    flow.push(id);
  };

  addNode('start', 'start');
  let tasks = 0;
  let decisions = 0;
  let gap = pick(6, 10);
  // Stop two elements short: the end node and the edge into it finish the document.
  while (nodes.length + edges.length + (pending ? 1 : 0) + 2 < total) {
    if (gap === 0) {
      const id = `d${++decisions}`;
      addNode(id, 'decision', { label: `Check ${decisions}?` });
      // The rework way: back to a task 2–4 steps before the decision (tasks only, since the
      // previous decision is at least 7 steps back).
      const at = flow.length - 1;
      const back = flow[at - pick(2, 4)];
      const p = Math.round((0.1 + rand() * 0.2) * 100) / 100;
      addEdge(id, back, { label: 'rework', probability: p });
      pending = { from: id, p: Math.round((1 - p) * 100) / 100 };
      gap = pick(6, 10);
      continue;
    }
    if (rand() < 0.3) lane = (lane + pick(1, lanes.length - 1)) % lanes.length;
    tasks += 1;
    addNode(`t${tasks}`, 'task', {
      label: `Task ${tasks}`,
      work: pick(1, 16) * 0.25,
      wait: pick(0, 8) * 0.5,
    });
    gap -= 1;
  }
  addNode('end', 'end');

  // The task to drag: the first task at or after the middle of the flow.
  let mid = Math.floor(flow.length / 2);
  while (!flow[mid].startsWith('t')) mid += 1;

  const doc = {
    format: 'procmod', version: 1, kind: 'swimlane', title: `Benchmark ${total}`, time_unit: 'h',
    lanes, nodes, edges,
  };
  return { doc, text: JSON.stringify(doc), dragId: flow[mid] };
}

// ----- page helpers ---------------------------------------------------------------------------

/** The canvas view from the viewport group's transform. */
async function view(page) {
  const t = await page.getAttribute(tid('viewport'), 'transform');
  const m = /translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)\s*scale\(([-\d.e]+)\)/.exec(t || '');
  if (!m) throw new Error(`unexpected viewport transform: ${t}`);
  return { x: +m[1], y: +m[2], zoom: +m[3], raw: t };
}

/** Waits until the viewport transform differs from `raw` (the app re-rendered the view). */
async function viewChanged(page, raw) {
  await page.waitForFunction(([sel, raw]) => document.querySelector(sel)?.getAttribute('transform') !== raw,
    [tid('viewport'), raw], { timeout: STEP_TIMEOUT, polling: 'raf' });
}

/** Screen box of a node's outline (the real shape, not the drag ghost). */
async function nodeBox(page, id) {
  return bounded(page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="node-${id}"]:not(.ghost) .outline`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, cx: r.x + r.width / 2, cy: r.y + r.height / 2 };
  }, id), STEP_TIMEOUT, 'node box');
}

async function canvasBox(page) {
  return bounded(page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, cx: r.x + r.width / 2, cy: r.y + r.height / 2 };
  }, 'svg.canvas'), STEP_TIMEOUT, 'canvas box');
}

/**
 * Pans (middle-button drag, which the app treats as a pan wherever it starts) until the node is
 * at the canvas centre. The first try is one long gesture; if the browser clamps pointer
 * positions to the window, later gestures stay inside it.
 */
async function panTo(page, id) {
  const c = await canvasBox(page);
  let bites = false;
  for (let i = 0; i < 200; i++) {
    const b = await nodeBox(page, id);
    const dx = c.cx - b.cx;
    const dy = c.cy - b.cy;
    if (Math.abs(dx) < 30 && Math.abs(dy) < 30) return i;
    // One long gesture from the centre, or (clamped) a bite that starts and ends inside.
    const lim = (v, m) => Math.max(-m, Math.min(m, v));
    const mx = bites ? lim(dx, c.width * 0.8) : dx;
    const my = bites ? lim(dy, c.height * 0.8) : dy;
    const sx = bites ? c.cx - mx / 2 : c.cx;
    const sy = bites ? c.cy - my / 2 : c.cy;
    const before = (await view(page)).raw;
    await bounded(page.mouse.move(sx, sy), STEP_TIMEOUT, 'pan move');
    await bounded(page.mouse.down({ button: 'middle' }), STEP_TIMEOUT, 'pan down');
    await bounded(page.mouse.move(sx + mx / 2, sy + my / 2), STEP_TIMEOUT, 'pan move');
    await bounded(page.mouse.move(sx + mx, sy + my), STEP_TIMEOUT, 'pan move');
    await bounded(page.mouse.up({ button: 'middle' }), STEP_TIMEOUT, 'pan up');
    await viewChanged(page, before).catch(() => {});
    const after = await nodeBox(page, id);
    const moved = Math.hypot(after.cx - b.cx, after.cy - b.cy);
    if (moved < 0.9 * Math.hypot(mx, my)) {
      if (bites) throw new Error(`panning moved the view ${moved.toFixed(0)} px of ${Math.hypot(mx, my).toFixed(0)}`);
      bites = true; // the browser clamped the pointer to the window: go in bites
    }
  }
  throw new Error('could not pan the node into view');
}

/** Zooms with the wheel, pointer on (sx, sy), until the zoom is 100 % (the app's handler:
 *  factor = exp(-deltaY · 0.0015), at most ×2 per event). */
async function zoomTo100(page, sx, sy) {
  await bounded(page.mouse.move(sx, sy), STEP_TIMEOUT, 'move');
  for (let i = 0; i < 20; i++) {
    const v = await view(page);
    if (Math.abs(v.zoom - 1) < 0.002) return v.zoom;
    const factor = Math.max(0.5, Math.min(2, 1 / v.zoom));
    await bounded(page.mouse.wheel(0, -Math.log(factor) / 0.0015), STEP_TIMEOUT, 'wheel');
    await viewChanged(page, v.raw);
  }
  return (await view(page)).zoom;
}

/** Waits until the page has gone `quiet` ms without a frame longer than 50 ms (deferred work
 *  after an import shows up here); resolves to the time waited, or NaN when it never settles. */
async function settle(page, quiet = 500, limit = 60_000) {
  return bounded(page.evaluate(([quiet, limit]) => new Promise((resolve) => {
    const t0 = performance.now();
    let last = t0;
    let calm = t0;
    const loop = (now) => {
      const t = performance.now();
      if (t - last > 50) calm = t;
      last = t;
      if (t - calm >= quiet) return resolve(calm - t0);
      if (t - t0 > limit) return resolve(NaN);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }), [quiet, limit]), limit + 10_000, 'settle');
}

/** Median and p95 frame interval of an idle page over `ms` (the frame rate headless Chromium
 *  gives, and its jitter: the floor for the drag's figures). */
async function idleFrame(page, ms = 2000) {
  const ts = await bounded(page.evaluate((ms) => new Promise((resolve) => {
    const ts = [];
    const loop = () => {
      ts.push(performance.now());
      if (ts[ts.length - 1] - ts[0] >= ms) resolve(ts); else requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }), ms), ms + STEP_TIMEOUT, 'idle frames');
  const gaps = ts.slice(1).map((t, i) => t - ts[i]);
  return { med: quantile(gaps, 0.5), p95: quantile(gaps, 0.95) };
}

/** Frame intervals (median, p95) while the same awaited pointer steps move over the top bar,
 *  where the app does nothing: what the harness's input alone does to the frame rate. */
async function inputFloor(page) {
  await page.evaluate(() => {
    window.__floor = [];
    window.__floorOn = true;
    const loop = () => { window.__floor.push(performance.now()); if (window.__floorOn) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  for (let i = 0; i < DRAG_STEPS; i++) {
    await page.mouse.move(300 + i * 7, 20);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  const ts = await page.evaluate(() => { window.__floorOn = false; return window.__floor; });
  const gaps = ts.slice(1).map((t, i) => t - ts[i]);
  return { med: quantile(gaps, 0.5), p95: quantile(gaps, 0.95) };
}

/** Chromium's own main-thread counters (seconds), to split a phase into script, style and
 *  layout; what is left of the task time is mostly paint, hit testing and the compositor. */
async function counters(cdp) {
  const { metrics } = await bounded(cdp.send('Performance.getMetrics'), STEP_TIMEOUT, 'metrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { script: m.ScriptDuration, style: m.RecalcStyleDuration, layout: m.LayoutDuration, task: m.TaskDuration };
}
const since = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, (b[k] - a[k]) * 1000]));
const split = (c, n = 1) => `script ${fmt(c.script / n)}, style ${fmt(c.style / n)}, layout ${fmt(c.layout / n)}, `
  + `all tasks ${fmt(c.task / n)} ms`;

/** With BENCH_TRACE=1: records a Chromium trace of a phase and sums the renderer main thread's
 *  events by name (nested events overlap, so the sums do not add up to the phase). */
async function traced(cdp, fn) {
  if (!process.env.BENCH_TRACE) { await fn(); return null; }
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc', transferMode: 'ReportEvents',
  });
  try { await fn(); } finally {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await bounded(done, STEP_TIMEOUT, 'trace');
    cdp.off('Tracing.dataCollected', onData);
  }
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const sums = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || !e.dur) continue;
    sums.set(e.name, (sums.get(e.name) || 0) + e.dur / 1000);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 12);
}

/** One edit triggered in the page, timed there: `work` is the main-thread time until the change
 *  is painted (the event handler and the update and render it schedules, then the frame's style,
 *  layout and paint), `painted` the time until that frame is painted (work plus the wait for
 *  the frame), `panels` until the metrics and findings panels show the new analysis.
 *  `how`: `{ key, ctrlKey }` for a key on the window, `{ inline: true }` for Enter in the label
 *  being typed in place. */
async function timedEdit(page, how) {
  return bounded(page.evaluate((how) => new Promise((resolve, reject) => {
    const side = document.querySelector('aside.side');
    const before = side.dataset.analysed;
    let rendered = NaN;
    // Registered before the event so that this frame callback, and the task it posts (which
    // runs once the frame is painted), come before anything the app schedules.
    const start = performance.now();
    requestAnimationFrame(() => {
      const frameStart = performance.now();
      setTimeout(() => {
        const painted = performance.now();
        const work = (rendered - start) + (painted - frameStart);
        const check = () => {
          if (side.dataset.analysed !== before && !side.classList.contains('stale')) {
            resolve({ work, script: rendered - start, painted: painted - start, panels: performance.now() - start });
          } else requestAnimationFrame(check);
        };
        check();
      }, 0);
    });
    if (how.inline) {
      const input = document.querySelector('[data-testid=inline-edit]');
      if (!input) { reject(new Error('no label being typed')); return; }
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    } else {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: how.key, ctrlKey: !!how.ctrlKey, bubbles: true }));
    }
    // The app updates and renders in a microtask queued by the handler: this one runs after it.
    queueMicrotask(() => { rendered = performance.now(); });
  }), how), STEP_TIMEOUT, `edit ${JSON.stringify(how)}`);
}

/** Draws a connector with the mouse between two tasks on screen that are not yet joined (from
 *  the first one's handle, once it is selected), timed from the pointerup (seen in the page)
 *  until the new connector is painted and until the panels show the new analysis. Null when
 *  there are no such tasks. */
async function timedConnect(page, zoomOuts = 0) {
  const saved = await stored(page);
  const joined = new Set((saved?.edges || []).map((e) => `${e.from}>${e.to}`));
  // Tasks fully on the canvas and not under another shape, in screen order.
  const tasks = await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
    const out = [];
    for (const g of document.querySelectorAll('[data-role=node].task:not(.ghost)')) {
      const r = g.getBoundingClientRect();
      if (r.left < canvas.left + 30 || r.right > canvas.right - 30 || r.top < canvas.top + 30 || r.bottom > canvas.bottom - 30) continue;
      const corners = [[r.left + 3, r.top + 3], [r.right - 3, r.bottom - 3], [r.left + r.width / 2, r.top + r.height / 2], [r.right + 10, r.top + r.height / 2]];
      if (!corners.slice(0, 3).every(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-role=node]') === g)) continue;
      out.push({ id: g.dataset.id, cx: r.left + r.width / 2, cy: r.top + r.height / 2 });
    }
    return out;
  });
  let pair = null;
  for (const a of tasks) {
    for (const b of tasks) {
      if (a.id !== b.id && !joined.has(`${a.id}>${b.id}`) && Math.hypot(a.cx - b.cx, a.cy - b.cy) > 200) { pair = [a, b]; break; }
    }
    if (pair) break;
  }
  if (!pair) {
    // Too few free tasks in view: zoom out a step (at most twice) and look again.
    if (zoomOuts >= 2) return null;
    await page.locator(tid('zoom-out')).click();
    await nextFrame(page);
    return timedConnect(page, zoomOuts + 1);
  }
  const [from, to] = pair;
  await page.mouse.click(from.cx, from.cy);
  const handle = await page.locator(`[data-testid="node-${from.id}"]:not(.ghost) [data-role=handle]`).boundingBox({ timeout: STEP_TIMEOUT });
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move((handle.x + to.cx) / 2, (handle.y + to.cy) / 2, { steps: 3 });
  await page.mouse.move(to.cx, to.cy, { steps: 3 });
  await page.evaluate(() => {
    const side = document.querySelector('aside.side');
    const ids = new Set([...document.querySelectorAll('[data-role=edge]')].map((e) => e.dataset.id));
    const b = window.__connect = { before: side.dataset.analysed };
    addEventListener('pointerup', () => { b.up = performance.now(); }, { capture: true, once: true });
    b.done = new Promise((resolve) => {
      const check = () => {
        const added = [...document.querySelectorAll('[data-role=edge]')].some((e) => !ids.has(e.dataset.id));
        if (b.up !== undefined && added && b.painted === undefined) {
          // The frame that shows the connector: its task after the paint.
          setTimeout(() => { b.painted = performance.now(); }, 0);
        }
        if (b.painted !== undefined && side.dataset.analysed !== b.before && !side.classList.contains('stale')) {
          resolve({ painted: b.painted - b.up, panels: performance.now() - b.up });
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  });
  await bounded(page.mouse.up(), STEP_TIMEOUT, 'up');
  return bounded(page.evaluate(() => window.__connect.done), STEP_TIMEOUT, 'connector drawn');
}

/** A node's x in the open document as autosaved in the library (IndexedDB). */
async function storedX(page, id) {
  const doc = await bounded(stored(page), STEP_TIMEOUT, 'stored document');
  return doc?.nodes?.find((n) => n.id === id)?.x ?? null;
}

// ----- one size -------------------------------------------------------------------------------

async function run(browser, url, total) {
  const { doc, text, dragId } = generate(total);
  const row = {
    total, nodes: doc.nodes.length, edges: doc.edges.length, kb: Buffer.byteLength(text) / 1024,
    notes: [],
  };
  // Fresh context (empty storage). Storage writes are timed from the start, so the drop's
  // autosave can be told apart from its re-render.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    window.__writes = [];
    IDBObjectStore.prototype.put = function (v, k) {
      const t = performance.now();
      try { return put.call(this, v, k); } finally {
        window.__writes.push({ key: `${this.name}/${k}`, chars: String(v).length, ms: performance.now() - t });
      }
    };
  });
  let page;
  try {
    ({ page, errors: row.errors } = await openApp(browser, url, { context }));
  } catch (e) { // e.g. dist/ rebuilt under the server between index.html and the .wasm
    Object.assign(row, { failure: `app did not open: ${e.message.split('\n')[0]}`, errors: [] });
    await context.close().catch(() => {});
    return row;
  }
  page.setDefaultTimeout(STEP_TIMEOUT);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  try {
    // --- open: from handing over the file until every node is in the DOM and painted.
    // In the page: from the file input's change event (the moment the user has chosen the file)
    // until the frame that first shows the document is painted (checked each frame; the task
    // posted from the frame callback runs once that frame is painted).
    await page.evaluate((title) => {
      window.__opened = new Promise((resolve) => {
        document.addEventListener('change', () => {
          const chosen = performance.now();
          const check = () => {
            if (document.querySelector('[data-testid=doc-title]')?.textContent === title
              && document.querySelector('[data-role=node]:not(.ghost)')) {
              setTimeout(() => resolve(performance.now() - chosen), 0);
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }, { capture: true, once: true });
      });
    }, doc.title);
    const t0 = performance.now();
    await page.locator(tid('import-file')).setInputFiles({
      name: `bench-${total}.procmod.json`, mimeType: 'application/json', buffer: Buffer.from(text),
    });
    const failed = page.waitForSelector(`${tid('notice')}.error`, { timeout: OPEN_TIMEOUT })
      .then(async (el) => { throw new Error(`import failed: ${await el.textContent()}`); });
    // The canvas draws only what is on screen (plus a margin), so "rendered" means: the
    // imported document is the open one and its visible shapes are in the DOM.
    const rendered = page.waitForFunction((title) => document.querySelector('[data-testid=doc-title]')?.textContent === title
      && document.querySelector('[data-role=node]:not(.ghost)'), doc.title, { timeout: OPEN_TIMEOUT, polling: 'raf' });
    await Promise.race([rendered, failed]);
    failed.catch(() => {}); // the loser of the race must not surface later
    await twoFrames(page);
    row.open = performance.now() - t0;
    row.chosenToPainted = await bounded(page.evaluate(() => window.__opened), STEP_TIMEOUT, 'open measure');
    // The app's own measure: from reading the file to the first render of the opened document.
    row.appOpen = await page.evaluate(() => performance.getEntriesByName('procmod-open').at(-1)?.duration);
    row.idle = row.open + await settle(page); // until no more long frames: deferred work shows
    row.notes.push(`shapes drawn after opening: ${await page.locator('[data-role=node]:not(.ghost)').count()} of ${doc.nodes.length}`);
    const notice = await page.locator(`${tid('notice')}:not(.error)`).count();
    if (!notice) row.notes.push('no success notice after the import');
    // The generated process must be sound: metrics computed, findings by rule.
    row.check = await bounded(page.evaluate(() => {
      const err = document.querySelector('[data-testid=metrics-error]');
      const rules = {};
      for (const g of document.querySelectorAll('[data-testid=finding-group]')) {
        rules[`${g.dataset.rule}${g.classList.contains('error') ? ' (error)' : ''}`] = Number(g.dataset.count);
      }
      return { metricsError: err ? err.textContent.trim() : null, rules };
    }), STEP_TIMEOUT, 'findings');

    // --- bring the middle task on screen at 100 % (so 200 screen px = 200 document px).
    const fitted = await view(page);
    row.fitZoom = fitted.zoom;
    row.pans = await panTo(page, dragId);
    const c = await canvasBox(page);
    row.zoom = await zoomTo100(page, c.cx, c.cy);
    row.pans += await panTo(page, dragId); // zooming about the centre leaves it nearly there
    const box = await nodeBox(page, dragId);
    if (box.width < 40) row.notes.push(`dragged node only ${box.width.toFixed(0)} px wide`);
    row.nodeWidth = box.width;
    row.idleFrame = await idleFrame(page);
    row.inputFloor = await inputFloor(page);
    const x0 = await storedX(page, dragId);

    // --- drag: press, 30 awaited steps, release.
    const from = { x: box.cx, y: box.cy };
    const dist = DRAG_DOC_PX * row.zoom;
    await bounded(page.mouse.move(from.x, from.y), STEP_TIMEOUT, 'move to node');
    await nextFrame(page);
    const writesBefore = await page.evaluate(() => window.__writes.length);
    let c0 = await counters(cdp);
    let t = performance.now();
    await bounded(page.mouse.down(), STEP_TIMEOUT, 'down');
    await nextFrame(page);
    row.press = performance.now() - t; // selecting the node re-renders too
    row.pressCost = since(c0, await counters(cdp));
    const pressWrites = await page.evaluate((n) => window.__writes.length - n, writesBefore);
    if (pressWrites) row.notes.push(`${pressWrites} storage writes on pressing the node (selection)`);

    // Record every frame the page produces during the moves, and how much of the DOM changes
    // (Yew only touches what differs, so this shows how much of the diagram each step redraws).
    await page.evaluate(() => {
      window.__bench = { on: true, ts: [], mutations: 0, writesAtStart: window.__writes.length };
      window.__bench.mo = new MutationObserver((list) => { window.__bench.mutations += list.length; });
      window.__bench.mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const loop = () => {
        if (!window.__bench.on) return;
        window.__bench.ts.push(performance.now());
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    const steps = [];
    let preview = false;
    c0 = await counters(cdp);
    row.dragTrace = await traced(cdp, async () => {
      for (let i = 1; i <= DRAG_STEPS; i++) {
        t = performance.now();
        await bounded(page.mouse.move(from.x + (dist * i) / DRAG_STEPS, from.y), STEP_TIMEOUT, `drag step ${i}`);
        await nextFrame(page);
        steps.push(performance.now() - t);
        if (i === 3) preview = (await page.locator(tid('drag-preview')).count()) > 0;
      }
    });
    row.dragCost = since(c0, await counters(cdp));
    const { ts, mutations, writes } = await page.evaluate(() => {
      const b = window.__bench;
      b.on = false;
      b.mo.disconnect();
      b.writesAtDrop = window.__writes.length; // storage writes from here on belong to the drop
      return { ts: b.ts, mutations: b.mutations, writes: b.writesAtDrop - b.writesAtStart };
    });
    row.mutationsPerStep = mutations / DRAG_STEPS;
    const frames = ts.slice(1).map((v, i) => v - ts[i]);
    Object.assign(row, {
      preview,
      frameMed: quantile(frames, 0.5), frameP95: quantile(frames, 0.95), frameMax: Math.max(...frames),
      frames: frames.length,
      stepMed: quantile(steps, 0.5), stepP95: quantile(steps, 0.95), stepMax: Math.max(...steps),
    });
    if (!preview) row.notes.push('no drag preview on screen during the drag');

    // --- drop: pointerup (seen in the page) until the frame after the real node has moved.
    await page.evaluate((id) => {
      const sel = `[data-testid="node-${id}"]:not(.ghost)`;
      const before = document.querySelector(sel)?.getAttribute('transform');
      const b = window.__bench;
      addEventListener('pointerup', () => { b.up = performance.now(); }, { capture: true, once: true });
      b.drop = new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          const el = document.querySelector(sel);
          if (!el || el.getAttribute('transform') === before) return;
          mo.disconnect();
          b.changed = performance.now();
          requestAnimationFrame(() => resolve(performance.now()));
        });
        mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['transform'] });
      });
    }, dragId);
    c0 = await counters(cdp);
    t = performance.now();
    await bounded(page.mouse.up(), STEP_TIMEOUT, 'up');
    const painted = await bounded(page.evaluate(async () => {
      const b = window.__bench;
      const painted = await b.drop;
      return { total: painted - b.up, render: b.changed - b.up };
    }), OPEN_TIMEOUT, 'drop re-render');
    row.dropScript = performance.now() - t;
    row.dropCost = since(c0, await counters(cdp));
    const drop = await bounded(page.evaluate(async () => {
      const b = window.__bench;
      await new Promise((r) => setTimeout(r, 300)); // let a deferred autosave land, if any
      const saves = window.__writes.slice(b.writesAtDrop);
      const name = (k) => k.replace(/\/.*$/, '/<id>');
      return {
        saves: saves.length,
        saveMs: saves.reduce((s, w) => s + w.ms, 0), saveKb: saves.reduce((s, w) => s + w.chars, 0) / 1024,
        keys: [...new Set(saves.map((w) => name(w.key)))].join(' '),
      };
    }), STEP_TIMEOUT, 'drop autosave');
    row.drop = painted.total;
    row.dropRender = painted.render;
    row.dropSaves = drop;
    if (writes) row.notes.push(`${writes} storage writes during the drag itself`);

    // --- sanity: the stored document has the node moved by ~200, snapped to 10.
    let x1 = x0;
    const until = Date.now() + 10_000;
    while (x1 === x0 && Date.now() < until) { await sleep(50); x1 = await storedX(page, dragId); }
    // Expected: +200 give or take one 10 px snap, and still on the grid.
    row.sanity = { id: dragId, x0, x1, dx: x1 - x0, ok: Math.abs(x1 - x0 - DRAG_DOC_PX) <= 10 && x1 % 10 === 0 };
    if (x1 === x0) row.notes.push('stored x did not change after the drop');
    // --- edits by keyboard on the dropped (selected) shape, each timed in the page (`timedEdit`):
    // nudges, a label typed in place, delete and undo; then a connector drawn with the mouse.
    const nudges = [];
    row.nudgeTrace = await traced(cdp, async () => {
      for (let i = 0; i < NUDGES; i++) nudges.push(await timedEdit(page, { key: 'ArrowRight' }));
    });
    const med = (list, k) => quantile(list.map((n) => n[k]), 0.5);
    const summary = (list) => ({ work: med(list, 'work'), script: med(list, 'script'), painted: med(list, 'painted'), panels: med(list, 'panels') });
    row.nudge = summary(nudges);
    row.notes.push(`nudge: script (handler, update, render) ${fmt(row.nudge.script)} ms of ${fmt(row.nudge.work)} ms work`);
    const labels = [];
    for (let i = 0; i < 3; i++) {
      await bounded(page.keyboard.press('F2'), STEP_TIMEOUT, 'F2');
      await page.waitForSelector(tid('inline-edit'));
      await page.locator(tid('inline-edit')).fill(`Renamed ${i}`);
      labels.push(await timedEdit(page, { inline: true }));
    }
    row.edits = { label: summary(labels) };
    const deletes = [];
    const undos = [];
    for (let i = 0; i < 3; i++) {
      await page.click(`[data-testid="node-${dragId}"]:not(.ghost) .outline`);
      await page.waitForSelector(`[data-testid="node-${dragId}"].selected`);
      deletes.push(await timedEdit(page, { key: 'Delete' }));
      undos.push(await timedEdit(page, { key: 'z', ctrlKey: true }));
    }
    Object.assign(row.edits, { delete: summary(deletes), undo: summary(undos) });
    const connects = [];
    for (let i = 0; i < 3; i++) {
      const c = await timedConnect(page);
      if (c) connects.push(c);
    }
    if (connects.length) row.edits.connect = summary(connects);
    else row.notes.push('no connector could be drawn (no free shape on screen)');
    row.analysis = await page.evaluate(() => {
      const d = performance.getEntriesByName('procmod-analysis').map((e) => e.duration).sort((a, b) => a - b);
      return d.length ? d[Math.floor(d.length / 2)] : NaN;
    });
    await shot(page, `bench-${total}`);
  } catch (e) {
    row.failure = e.message.split('\n')[0];
    await shot(page, `bench-${total}-failed`).catch(() => {});
  } finally {
    await context.close().catch(() => {});
  }
  return row;
}

// ----- main -----------------------------------------------------------------------------------

function buildKind() {
  const wasm = fs.readdirSync(dist).find((f) => f.endsWith('.wasm'));
  const size = wasm ? fs.statSync(path.join(dist, wasm)).size : 0;
  // A release build is ~570 KB; debug builds are several MB.
  return { wasm, size, kind: size === 0 ? 'unknown' : size < 2_000_000 ? 'release' : 'debug' };
}

/** What "open" costs the harness itself: the same import of a one-shape document (median of 3). */
async function harnessFloor(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const { page } = await openApp(browser, url, { context });
    const times = [];
    for (let i = 0; i < 3; i++) {
      const title = `Floor ${i}`;
      const doc = { format: 'procmod', version: 1, kind: 'swimlane', title, nodes: [{ id: 's', type: 'start' }] };
      const t0 = performance.now();
      await page.locator(tid('import-file')).setInputFiles({ name: 'floor.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
      await page.waitForFunction((t) => document.querySelector('[data-testid=doc-title]')?.textContent === t, title, { polling: 'raf', timeout: STEP_TIMEOUT });
      await twoFrames(page);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[1];
  } catch {
    return undefined;
  } finally {
    await context.close().catch(() => {});
  }
}

async function main() {
  const watchdog = setTimeout(() => { console.error('bench: watchdog fired, giving up'); process.exit(3); }, WATCHDOG);
  const build = buildKind();
  console.log(`build: ${build.kind} (${build.wasm}, ${(build.size / 1024).toFixed(0)} KB)`);
  const server = await serve();
  const browser = await launch();
  const rows = [];
  let floor;
  try {
    floor = await harnessFloor(browser, server.url);
    for (const n of SIZES) {
      console.log(`\n== ${n} elements`);
      const row = await run(browser, server.url, n);
      rows.push(row);
      if (row.failure) console.log(`  FAILED: ${row.failure}`);
      if (row.fitZoom !== undefined) console.log(`  view: fitted at ${fmt(row.fitZoom * 100, 0)} %, dragged at ${fmt(row.zoom * 100, 0)} % after ${row.pans} pan gestures; node ${fmt(row.nodeWidth, 0)} px wide`);
      if (row.idle !== undefined) console.log(`  open ${fmt(row.open, 0)} ms; page quiet (no frame > 50 ms for 0.5 s) after ${fmt(row.idle, 0)} ms`);
      if (row.check) {
        const rules = Object.entries(row.check.rules).map(([r, n]) => `${r} ×${n}`).join(', ') || 'none';
        console.log(`  document: metrics ${row.check.metricsError ? `UNAVAILABLE (${row.check.metricsError})` : 'computed'}; findings: ${rules}`);
      }
      if (row.press !== undefined) console.log(`  press (select) ${fmt(row.press, 0)} ms [${split(row.pressCost)}]; idle frame median / p95 ${fmt(row.idleFrame.med)} / ${fmt(row.idleFrame.p95)} ms; `
        + `pointer steps over the top bar (no app work) median / p95 ${fmt(row.inputFloor.med)} / ${fmt(row.inputFloor.p95)} ms`);
      if (row.dragCost) console.log(`  drag main thread per step: ${split(row.dragCost, DRAG_STEPS)}`);
      if (row.frames !== undefined) console.log(`  drag: ${row.frames} frames, max frame ${fmt(row.frameMax)} ms, max step ${fmt(row.stepMax)} ms, preview shown: ${row.preview}`);
      if (row.dragTrace) {
        console.log(`  drag trace, renderer main thread, ms per step by event (nested):`);
        console.log(`    ${row.dragTrace.map(([n, ms]) => `${n} ${fmt(ms / DRAG_STEPS)}`).join(', ')}`);
      }
      if (row.nudgeTrace) {
        console.log(`  nudge trace, renderer main thread, ms per nudge by event (nested; the analysis after the paint included):`);
        console.log(`    ${row.nudgeTrace.map(([n, ms]) => `${n} ${fmt(ms / NUDGES)}`).join(', ')}`);
      }
      if (row.mutationsPerStep !== undefined) console.log(`  DOM mutation records per drag step: ${fmt(row.mutationsPerStep)}`);
      if (row.drop !== undefined) {
        const d = row.dropSaves;
        console.log(`  drop: re-rendered ${fmt(row.dropRender, 0)} ms after pointerup, painted ${fmt(row.drop, 0)} ms (script side ${fmt(row.dropScript, 0)} ms) [${split(row.dropCost)}]`);
        console.log(`  drop autosave: ${d.saves} IndexedDB writes (${d.keys || '–'}), ${fmt(d.saveKb, 0)} K chars, ${fmt(d.saveMs)} ms inside put`);
      }
      if (row.sanity) {
        const s = row.sanity;
        console.log(`  sanity: node ${s.id} stored x ${s.x0} → ${s.x1} (Δ ${s.dx}; expected ${DRAG_DOC_PX}) ${s.ok ? 'OK' : 'UNEXPECTED'}`);
      }
      for (const note of row.notes) console.log(`  note: ${note}`);
      if (row.errors.length) {
        console.log(`  console errors (${row.errors.length}):`);
        for (const e of row.errors.slice(0, 5)) console.log(`    ${e.slice(0, 300)}`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }

  const head = ['elements', 'nodes', 'edges', 'doc KB', 'open ms', 'chosen→painted ms', 'app open ms', 'frame med/p95 ms', 'step med/p95 ms', 'drop ms',
    'nudge work/painted/panels ms', 'analysis ms'];
  const body = rows.map((r) => [
    r.total, r.nodes, r.edges, fmt(r.kb, 0), fmt(r.open, 0), fmt(r.chosenToPainted, 0), r.appOpen === undefined ? '–' : fmt(r.appOpen, 0),
    `${fmt(r.frameMed)} / ${fmt(r.frameP95)}`, `${fmt(r.stepMed)} / ${fmt(r.stepP95)}`, fmt(r.drop, 0),
    r.nudge ? `${fmt(r.nudge.work, 0)} / ${fmt(r.nudge.painted, 0)} / ${fmt(r.nudge.panels, 0)}` : '–', fmt(r.analysis),
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${line(head)}\n${body.map(line).join('\n')}`);
  // Every kind of edit at each size: work / painted / panels, in ms (connect: from the pointerup).
  const kinds = ['nudge', 'label', 'delete', 'undo', 'connect'];
  const cell = (e, connect) => (!e ? '–' : connect ? `– / ${fmt(e.painted, 0)} / ${fmt(e.panels, 0)}`
    : `${fmt(e.work, 0)} / ${fmt(e.painted, 0)} / ${fmt(e.panels, 0)}`);
  const ehead = ['elements', ...kinds.map((k) => `${k} work/painted/panels`)];
  const ebody = rows.map((r) => [String(r.total), ...kinds.map((k) => cell(k === 'nudge' ? r.nudge : r.edits?.[k], k === 'connect'))]);
  const ew = ehead.map((h, i) => Math.max(h.length, ...ebody.map((b) => b[i].length)));
  const eline = (cells) => cells.map((c, i) => c.padEnd(ew[i])).join('  ');
  console.log(`\n${eline(ehead)}\n${ebody.map(eline).join('\n')}`);
  console.log(`\nbuild: ${build.kind} (.wasm ${(build.size / 1024).toFixed(0)} KB); headless Chromium, no GPU (software `
    + `compositing), ${DRAG_STEPS} awaited pointer steps over ${DRAG_DOC_PX} document px at 100 % zoom.`);
  console.log('frame = interval between rAF callbacks during the drag; step = awaited mouse.move + one rAF round trip; '
    + 'drop = pointerup → frame after the node re-rendered at its new place.');
  console.log('edits (median; nudge: an arrow key, 5 times; label: Enter on a label typed in place; delete: the Delete key; undo: '
    + 'Ctrl+Z after it; connect: a connector drawn with the mouse, timed from the pointerup; 3 times each).');
  console.log('nudge = an arrow key on the selected shape (median of 5): work = main-thread time to show it (key handler, '
    + 'update and render, then style, layout and paint of the frame), painted = key until that frame is painted (work '
    + 'plus the wait for the frame), panels = key until the metrics and findings panels show the new analysis; analysis = the app\'s "procmod-analysis" measure '
    + '(validation and metrics, run after the paint).');
  console.log('app open = the app\'s own User Timing measure "procmod-open": reading the file, parsing, checking '
    + 'and the first render of the opened document (before paint); it is stored in IndexedDB right after.');
  console.log('chosen→painted = in the page, from the file input\'s change event until the first frame showing the document is painted.');
  if (floor !== undefined) {
    console.log(`open includes handing the file to the page and two frames: importing a one-shape document the same `
      + `way takes ${fmt(floor, 0)} ms.`);
  }
  clearTimeout(watchdog);
}

// Run only when started as a script, so other scripts can import the generator.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
