// Helpers the browser tests share: finding elements, reading what the app stored, dragging as a
// hand would, and running a scenario on a fresh page with a screenshot when it fails.
import { test } from 'node:test';
import path from 'node:path';
import { openApp, shot, root, artifacts } from './harness.mjs';

export const tid = (id) => `[data-testid="${id}"]`;

/** Runs in the page: every record of an object store of the library's IndexedDB, as
 * { key: value }. */
export const readStore = (store) => new Promise((resolve, reject) => {
  const open = indexedDB.open('procmod');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(store)) { db.close(); resolve({}); return; }
    const tx = db.transaction(store);
    const keys = tx.objectStore(store).getAllKeys();
    const values = tx.objectStore(store).getAll();
    tx.oncomplete = () => {
      db.close();
      resolve(Object.fromEntries(keys.result.map((k, i) => [k, values.result[i]])));
    };
    tx.onerror = () => reject(tx.error);
  };
});

// The page forbids eval (its Content-Security-Policy), so what runs in it is sent as source,
// which DevTools evaluates whatever the page's policy.
const readStoreSrc = `(${readStore.toString()})`;
const storedSrc = `(async () => {
  const id = localStorage.getItem('procmod.current');
  const record = (await ${readStoreSrc}('docs'))[id];
  return record ? JSON.parse(record).doc : null;
})`;

/** The open document as stored in the library (null when not stored yet). */
export async function stored(page) {
  return page.evaluate(`${storedSrc}()`);
}

/** Every record of one object store of the library, as { key: value }. */
export async function records(page, store) {
  return page.evaluate(`${readStoreSrc}(${JSON.stringify(store)})`);
}

/** Waits until an object store of the library holds `count` records. */
export async function waitRecords(page, store, count) {
  await page.waitForFunction(
    `(async () => Object.keys(await ${readStoreSrc}(${JSON.stringify(store)})).length === ${count})()`,
    null,
    { polling: 100, timeout: 30000 },
  );
}

/** Every document stored in the library, by id. */
export async function library(page) {
  return page.evaluate(`(async () => {
    const docs = await ${readStoreSrc}('docs');
    return Object.fromEntries(Object.entries(docs).map(([k, v]) => [k, JSON.parse(v).doc]));
  })()`);
}

/** Waits until the stored document satisfies `check(doc, arg)` (run in the page): checks it,
 * then again after each save the app announces to its tabs (its BroadcastChannel). */
export async function waitStored(page, check, arg = null, { timeout = 30000 } = {}) {
  const waiting = page.evaluate(`(async () => {
    const channel = new BroadcastChannel('procmod');
    let saves = 0, wake = null;
    channel.onmessage = () => { saves++; if (wake) wake(); };
    for (;;) {
      const seen = saves;
      const doc = await ${storedSrc}();
      if (doc && (${check.toString()})(doc, ${JSON.stringify(arg)})) { channel.close(); return doc; }
      if (saves === seen) await new Promise((resolve) => { wake = resolve; });
      wake = null;
    }
  })()`);
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the stored document never satisfied ${check}`)), timeout);
  });
  try {
    return await Promise.race([waiting, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until everything is saved (the top bar says so). */
export async function waitSaved(page) {
  await page.waitForSelector('[data-testid=save-status][data-state=saved]');
}

/** Screen centre of a node. */
export async function centre(page, id) {
  const box = await page.locator(`${tid(`node-${id}`)} .outline`).boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Clicks a point on a connector's line (its middle, in screen coordinates). */
export async function clickEdge(page, id) {
  const p = await page.evaluate((id) => {
    const path = document.querySelector(`[data-testid="edge-${id}"] .line`);
    const pt = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
  }, id);
  await page.mouse.click(p.x, p.y);
}

/** A pointer drag in small steps, as a hand would. */
export async function drag(page, from, to, steps = 12) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

export async function rename(page, id, text) {
  await page.dblclick(`${tid(`node-${id}`)} .outline`);
  await page.locator(tid('inline-edit')).fill(text);
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('inline-edit'), { state: 'detached' });
}

/** Sets an inspector number/text field and leaves it, which commits it. */
export async function setField(page, field, value) {
  const input = page.locator(tid(field));
  await input.fill(String(value));
  await input.press('Tab');
}

/** A figure of the metrics panel, once the panel has caught up with the last edit (it is
 * measured after the edit is painted). */
export async function metric(page, name) {
  await page.waitForSelector('aside.side:not(.stale)');
  return Number(await page.locator(tid(`metric-${name}`)).getAttribute('data-value'));
}

/** Runs a scenario on a fresh page; on failure keeps a screenshot of where it stopped. */
export function scenario(name, body, context) {
  test(name, async () => {
    const { browser, server } = context();
    const opened = await openApp(browser, server.url);
    try {
      await body(opened);
    } catch (e) {
      await shot(opened.page, `failed-${name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => {});
      if (opened.errors.length) e.message += `\npage errors:\n${opened.errors.join('\n')}`;
      throw e;
    } finally {
      await opened.ctx.close();
    }
  });
}


/** Draws a BPMN file with bpmn-js (from the test packages) in a page of its own, keeps a
 * screenshot, and says what it drew: bpmn-js's warnings and the elements counted by type
 * (`bpmn:Lane` …). */
export async function drawInBpmnJs(context, xml, shotName, { width = 1400, height = 800 } = {}) {
  const viewer = await context.newPage();
  await viewer.setViewportSize({ width, height });
  await viewer.setContent(`<body style="margin:0"><div id="diagram" style="width:${width}px;height:${height}px"></div></body>`);
  const dist = path.join(root, 'tests', 'e2e', 'node_modules', 'bpmn-js', 'dist');
  await viewer.addStyleTag({ path: path.join(dist, 'assets', 'diagram-js.css') });
  await viewer.addStyleTag({ path: path.join(dist, 'assets', 'bpmn-js.css') });
  await viewer.addScriptTag({ path: path.join(dist, 'bpmn-viewer.production.min.js') });
  const drawn = await viewer.evaluate(async (xml) => {
    const v = new BpmnJS({ container: '#diagram' });
    const { warnings } = await v.importXML(xml);
    v.get('canvas').zoom('fit-viewport');
    const counts = {};
    for (const e of v.get('elementRegistry').getAll()) counts[e.type] = (counts[e.type] ?? 0) + 1;
    return { warnings: warnings.map((w) => w.message), counts };
  }, xml);
  await viewer.screenshot({ path: path.join(artifacts, `${shotName}.png`) });
  await viewer.close();
  return { warnings: drawn.warnings, count: (type) => drawn.counts[type] ?? 0 };
}
