// Storage on a bad day, in the served release build in headless Chromium: two tabs editing one
// document at nearly the same time, typing while the other tab saves, a damaged library, a full
// disk, closing the tab mid-typing, the move from the old localStorage library, a backup of the
// whole library, and a document of 100,000 shapes. Each checks that nothing is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, shot, artifacts } from './harness.mjs';
import { tid, stored, library, records, waitStored, waitSaved, waitRecords, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));

/** Another tab of the same browser profile, with the app ready. */
async function secondTab(ctx) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=save-status]:not([data-state=opening])');
  return { page, errors };
}

/** Writes (or, with `undefined`, deletes) a record of the library's IndexedDB, as damage does. */
async function writeRecord(page, store, key, value) {
  await page.evaluate(([store, key, value]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('procmod');
    open.onsuccess = () => {
      const tx = open.result.transaction(store, 'readwrite');
      if (value === undefined) tx.objectStore(store).delete(key); else tx.objectStore(store).put(value, key);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), [store, key, value]);
}

/** Makes every IndexedDB write fail as a full disk does (until `diskFreed`). */
const diskFull = (page) => page.evaluate(() => {
  window.__put = window.__put || IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
});
const diskFreed = (page) => page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });

/** Closes a tab as a user does; returns the kind of dialog it showed, if any (accepted). */
async function closeTab(page) {
  let asked = null;
  page.on('dialog', (d) => { asked = d.type(); d.accept(); });
  await page.close({ runBeforeUnload: true });
  await new Promise((resolve) => { if (page.isClosed()) resolve(); else page.once('close', resolve); });
  return asked;
}

async function newDocument(page, kind = 'swimlane') {
  await page.click(tid('library'));
  await page.click(tid(`new-${kind}`));
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });
}

scenario('two tabs editing one document a few milliseconds apart lose nothing, round after round', async ({ page: a, ctx, errors }) => {
  await a.click(tid('add-lane'));
  await a.keyboard.press('Enter');
  await waitStored(a, (d) => d.lanes?.length === 1);
  const { page: b, errors: errorsB } = await secondTab(ctx);
  await b.waitForSelector(`${tid('lane-' + (await stored(a)).lanes[0].id)}`);
  const rounds = 40;
  for (let i = 0; i < rounds; i++) {
    await Promise.all([a.click(tid('palette-task')), b.click(tid('palette-task'))]);
  }
  const doc = await waitStored(a, (d, n) => d.nodes?.length === n, 2 * rounds);
  assert.equal(new Set(doc.nodes.map((n) => n.id)).size, 2 * rounds, 'every shape kept its own id');
  doc.edges.forEach((e) => assert.ok(doc.nodes.some((n) => n.id === e.from) && doc.nodes.some((n) => n.id === e.to)));
  // Both tabs show what is stored: all of it, and nothing left to save.
  for (const p of [a, b]) {
    await waitSaved(p);
    await p.locator(tid('canvas')).click({ position: { x: 5, y: 5 } });
    await p.keyboard.press('Control+a');
    await p.waitForFunction((n) => document.querySelector("[data-testid=insp-many]")?.textContent.startsWith(`${n} `), doc.nodes.length + doc.edges.length);
  }
  assert.equal((await stored(b)).nodes.length, 2 * rounds);
  await shot(a, 'two-tabs-merged');
  assert.deepEqual([...errors, ...errorsB], []);
});

scenario('a label typed in one tab survives the other tab saving meanwhile', async ({ page: a, ctx, errors }) => {
  for (const type of ['start', 'task']) await a.click(tid(`palette-${type}`));
  const first = await waitStored(a, (d) => d.nodes?.length === 2);
  const task = first.nodes[1].id;
  const { page: b } = await secondTab(ctx);
  await b.waitForSelector(tid(`node-${task}`));
  // B starts typing a label…
  await b.dblclick(`${tid(`node-${task}`)} .outline`);
  await b.locator(tid('inline-edit')).fill('审批 Approve');
  // …while A adds a shape and saves; B takes it in without losing the typing.
  await a.click(tid('palette-end'));
  const added = (await waitStored(a, (d) => d.nodes.length === 3)).nodes[2].id;
  await b.waitForSelector(tid(`node-${added}`));
  assert.equal(await b.locator(tid('inline-edit')).inputValue(), '审批 Approve');
  await b.locator(tid('inline-edit')).press('End');
  await b.keyboard.type(' 采购');
  await b.keyboard.press('Enter');
  const doc = await waitStored(a, (d, id) => d.nodes.find((n) => n.id === id)?.label === '审批 Approve 采购', task);
  assert.equal(doc.nodes.length, 3);
  await a.waitForSelector(`${tid(`node-${task}`)} >> text=审批 Approve 采购`);
  assert.deepEqual(errors, []);
});

scenario('a cell typed in the step table survives the other tab saving meanwhile', async ({ page: a, ctx, errors }) => {
  for (const type of ['start', 'task']) await a.click(tid(`palette-${type}`));
  const first = await waitStored(a, (d) => d.nodes?.length === 2);
  const task = first.nodes[1].id;
  const { page: b } = await secondTab(ctx);
  await b.waitForSelector(tid(`node-${task}`));
  await b.click(tid('table-view'));
  await b.waitForSelector(tid('step-table'));
  // B types over a step's activity…
  const cell = b.locator(tid('cell-1-activity'));
  await cell.fill('审批 Approve');
  // …while A adds a step and saves; B takes it in without losing the typing.
  await a.click(tid('palette-task'));
  await waitStored(a, (d) => d.nodes.length === 3);
  await b.locator(tid('cell-2-activity')).waitFor();
  assert.equal(await cell.inputValue(), '审批 Approve');
  await cell.press('End');
  await b.keyboard.type(' 采购');
  await b.keyboard.press('Enter');
  const doc = await waitStored(a, (d, id) => d.nodes.find((n) => n.id === id)?.label === '审批 Approve 采购', task);
  assert.equal(doc.nodes.length, 3);
  assert.deepEqual(errors, []);
});

scenario('the same label changed in two tabs asks, and each choice keeps what it says', async ({ page: a, ctx }) => {
  await a.click(tid('palette-task'));
  const task = (await waitStored(a, (d) => d.nodes?.length === 1)).nodes[0].id;
  const { page: b } = await secondTab(ctx);
  await b.waitForSelector(tid(`node-${task}`));
  // B's saving is held up (a full disk) while both rename the same shape.
  await diskFull(b);
  await b.dblclick(`${tid(`node-${task}`)} .outline`);
  await b.locator(tid('inline-edit')).fill('from B');
  await b.keyboard.press('Enter');
  await b.waitForSelector(`${tid('save-status')}[data-state=failed]`);
  await a.dblclick(`${tid(`node-${task}`)} .outline`);
  await a.locator(tid('inline-edit')).fill('from A');
  await a.keyboard.press('Enter');
  await waitStored(a, (d) => d.nodes[0].label === 'from A');
  await diskFreed(b);
  await b.waitForSelector(tid('conflict'));
  assert.match(await b.locator(tid('conflict')).textContent(), /Label of shape/);
  await shot(b, 'clash');
  await b.locator(tid('conflict')).getByText('Keep mine for these').click();
  await waitStored(a, (d) => d.nodes[0].label === 'from B');
  await a.waitForSelector(`${tid(`node-${task}`)} >> text=from B`);
});

scenario('a damaged or missing library list is rebuilt from the documents', async ({ page, errors }) => {
  await newDocument(page, 'sipoc');
  await newDocument(page, 'vsm');
  await waitSaved(page);
  const entries = await records(page, 'entries');
  const ids = Object.keys(entries);
  assert.equal(ids.length, 3);
  await writeRecord(page, 'entries', ids[0], undefined);
  await writeRecord(page, 'entries', ids[1], '{"id": broken');
  await page.reload();
  await page.waitForSelector('[data-testid=save-status][data-state=saved]');
  await page.click(tid('library'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=library-row]').length === 3);
  const after = await records(page, 'entries');
  assert.deepEqual(Object.keys(after).sort(), [...ids].sort());
  for (const v of Object.values(after)) assert.ok(JSON.parse(v).kind);
  assert.deepEqual(errors, []);
});

scenario('every damaged document is set aside, named and offered for download; the rest opens', async ({ page, errors }) => {
  const titles = ['Good 好', 'Truncated', 'Number', 'Object', 'Bad field', 'Other format'];
  for (const t of titles) {
    await newDocument(page);
    await page.locator(tid('doc-title-input')).fill(t);
    await page.locator(tid('doc-title-input')).press('Tab');
    await waitStored(page, (d, t) => d.title === t, t);
  }
  const docs = await library(page);
  const idOf = (t) => Object.keys(docs).find((id) => docs[id].title === t);
  const bad = {
    Truncated: '{"rev":2,"changed":1,"doc":{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"x',
    Number: '42',
    Object: { rev: 1, doc: 'not text' },
    'Bad field': '{"rev":2,"changed":1,"doc":{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"n","type":"task","x":"left"}]}}',
    'Other format': '{"rev":2,"changed":1,"doc":{"format":"bpmn","version":1}}',
  };
  for (const [t, value] of Object.entries(bad)) await writeRecord(page, 'docs', idOf(t), value);
  // The open document ("Other format", the last made) is among the damaged.
  await page.reload();
  await page.waitForSelector(`${tid('doc-title')} >> text=Good 好`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=notice] .detail').length >= n, 5);
  const notice = await page.locator(tid('notice')).textContent();
  for (const t of Object.keys(bad)) assert.ok(notice.includes(t), `${t} is named: ${notice}`);
  assert.match(notice, /line 1/);
  assert.match(notice, /Node "n"/);
  assert.match(notice, /bpmn/);
  await shot(page, 'damaged-notice');
  await page.click(tid('library'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=aside-row]').length === 5);
  // What is left: the document the app started with, and the good one.
  assert.equal(await page.locator(tid('library-row')).count(), 2);
  await shot(page, 'library-damaged');
  // Each is kept exactly as found, and can be downloaded.
  const row = page.locator(tid('aside-row')).filter({ hasText: 'Truncated' });
  const [download] = await Promise.all([page.waitForEvent('download'), row.locator(tid('aside-download')).click()]);
  const file = path.join(artifacts, await download.suggestedFilename());
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file, 'utf8'), bad.Truncated);
  await row.locator(tid('aside-discard')).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=aside-row]').length === 4);
  // Once the discard is stored: still said after a restart (kept aside, not forgotten).
  await waitRecords(page, 'aside', 4);
  await page.reload();
  await page.click(tid('library'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=aside-row]').length === 4);
  assert.deepEqual(errors, []);
});

scenario('a full disk: told at once, retried, asked before closing, and nothing is lost', async ({ page, ctx, errors }) => {
  await page.click(tid('palette-start'));
  await waitStored(page, (d) => d.nodes?.length === 1);
  await diskFull(page);
  for (let i = 0; i < 4; i++) await page.click(tid('palette-task'));
  await page.waitForSelector(`${tid('save-status')}[data-state=failed]`);
  assert.match(await page.locator(tid('save-status')).getAttribute('title'), /full/);
  // Leaving asks first; staying keeps everything on screen.
  let asked = null;
  page.once('dialog', (d) => { asked = d.type(); d.dismiss(); });
  await page.close({ runBeforeUnload: true });
  await page.waitForFunction(() => true);
  assert.equal(asked, 'beforeunload');
  assert.equal(await page.locator('.node').count(), 5);
  // Space is freed: the next retry stores all of it, and closing no longer asks.
  await diskFreed(page);
  await waitStored(page, (d) => d.nodes.length === 5);
  await waitSaved(page);
  // Full again, more work, and the tab is closed anyway: the work comes back in the next tab.
  await diskFull(page);
  await page.click(tid('palette-end'));
  await page.waitForSelector(`${tid('save-status')}[data-state=failed]`);
  assert.equal(await closeTab(page), 'beforeunload');
  const { page: next } = await secondTab(ctx);
  await next.waitForSelector(`${tid('notice')} >> text=Recovered unsaved changes`);
  const doc = await waitStored(next, (d) => d.nodes.length === 6);
  assert.equal(doc.nodes[5].type, 'end');
  assert.deepEqual(errors, []);
});

scenario('an import into a full disk opens unsaved, writes nothing half, and is stored once there is room', async ({ page }) => {
  await waitSaved(page);
  const before = await library(page);
  await diskFull(page);
  const doc = { format: 'procmod', version: 1, kind: 'swimlane', title: 'Imported 导入',
    nodes: [{ id: 's', type: 'start' }, { id: 'e', type: 'end', x: 200 }], edges: [{ id: 'x', from: 's', to: 'e' }] };
  await page.locator(tid('import-file')).setInputFiles({ name: 'imported.procmod.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForSelector(`${tid('doc-title')} >> text=Imported 导入`);
  await page.waitForSelector(`${tid('save-status')}[data-state=failed]`);
  assert.deepEqual(await library(page), before, 'no orphan, no half-written list');
  await diskFreed(page);
  await waitStored(page, (d) => d.title === 'Imported 导入');
  assert.equal(Object.keys(await library(page)).length, Object.keys(before).length + 1);
});

scenario('closing the tab while typing a label or notes keeps the typed text', async ({ page, ctx, errors }) => {
  await page.click(tid('palette-task'));
  const task = (await waitStored(page, (d) => d.nodes?.length === 1)).nodes[0].id;
  await page.dblclick(`${tid(`node-${task}`)} .outline`);
  await page.locator(tid('inline-edit')).fill('正在输入的标签');
  assert.equal(await closeTab(page), 'beforeunload');
  let { page: next } = await secondTab(ctx);
  await waitStored(next, (d, id) => d.nodes.find((n) => n.id === id).label === '正在输入的标签', task);
  await next.waitForSelector(`${tid(`node-${task}`)} >> text=正在输入的标签`);
  // Notes, typed in the inspector and never left.
  await next.click(`${tid(`node-${task}`)} .outline`);
  await next.locator(tid('insp-notes')).fill('先确认预算 check the budget first');
  assert.equal(await closeTab(next), 'beforeunload');
  ({ page: next } = await secondTab(ctx));
  await waitStored(next, (d, id) => d.nodes.find((n) => n.id === id).notes === '先确认预算 check the budget first', task);
  assert.deepEqual(errors, []);
});

test('the old localStorage library moves over on first start and its old copies are removed', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const doc = { format: 'procmod', version: 1, kind: 'swimlane', title: '采购流程', nodes: [{ id: 't1', type: 'task', label: '审批' }] };
  const sipoc = { format: 'procmod', version: 1, kind: 'sipoc', title: 'Hiring SIPOC' };
  await ctx.addInitScript(([doc, sipoc]) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('procmod.library', JSON.stringify([
      { id: 'doc1', title: '采购流程', kind: 'swimlane', changed: 1700000000000, rev: 4 },
      { id: 'doc2', title: 'Hiring SIPOC', kind: 'sipoc', changed: 1700000001000, rev: 1 },
      { id: 'doc3', title: 'Broken', kind: 'swimlane', changed: 1700000002000, rev: 1 },
    ]));
    localStorage.setItem('procmod.doc.doc1', JSON.stringify(doc));
    localStorage.setItem('procmod.rev.doc1', '4');
    localStorage.setItem('procmod.doc.doc2', JSON.stringify(sipoc));
    localStorage.setItem('procmod.doc.doc3', '{"format":"procmod","version":1,"kind":"swim');
    localStorage.setItem('procmod.current', 'doc1');
  }, [doc, sipoc]);
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(server.url);
    await page.waitForSelector(`${tid('doc-title')} >> text=采购流程`);
    await page.waitForSelector(`${tid('notice')} >> text=Moved 2 documents`);
    assert.match((await page.locator(tid('notice')).allTextContents()).join('\n'), /Broken/);
    await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('procmod.doc.') || k === 'procmod.library'));
    const moved = await library(page);
    assert.deepEqual(moved.doc1, doc);
    assert.deepEqual(moved.doc2, sipoc);
    await page.click(tid('library'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=aside-row]').length === 1);
    assert.equal(await page.locator(tid('library-row')).count(), 2);
    assert.deepEqual(errors, []);
  } catch (e) {
    await shot(page, 'failed-migration').catch(() => {});
    throw e;
  } finally {
    await ctx.close();
  }
});

scenario('Export all then Import all on another machine restores every document with its links', async ({ page, errors }) => {
  await page.click(tid('add-lane'));
  await page.keyboard.press('Enter');
  for (const type of ['start', 'subprocess', 'end']) await page.click(tid(`palette-${type}`));
  const parent = await waitStored(page, (d) => d.nodes?.length === 3);
  const sub = parent.nodes[1].id;
  const parentId = await page.evaluate(() => localStorage.getItem('procmod.current'));
  await page.click(`${tid(`node-${sub}`)} .outline`);
  await page.click(tid('drill-down'));
  await page.waitForFunction((p) => localStorage.getItem('procmod.current') !== p, parentId);
  await waitSaved(page);
  await newDocument(page, 'vsm');
  await waitSaved(page);
  await page.click(tid('library'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-all'))]);
  const file = path.join(artifacts, await download.suggestedFilename());
  await download.saveAs(file);
  const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(backup.format, 'procmod-library');
  assert.equal(backup.documents.length, 3);
  // Another machine: a fresh profile.
  const other = await openApp(browser, server.url);
  try {
    await other.page.click(tid('library'));
    await other.page.locator(tid('import-all-file')).setInputFiles(file);
    await other.page.waitForSelector(`${tid('notice')} >> text=Restored 3 documents`);
    await other.page.waitForFunction(() => document.querySelectorAll('[data-testid=library-row]').length === 4);
    const restored = await library(other.page);
    const ids = backup.documents.map((d) => d.id);
    for (const id of ids) assert.ok(restored[id], `${id} restored under its id`);
    const child = Object.values(restored).find((d) => d.meta?.parent === parentId);
    assert.ok(child, 'the sub-process diagram still names its parent');
    const link = restored[parentId].nodes.find((n) => n.id === sub).link;
    assert.equal(restored[link], child, 'and the parent links to it');
    assert.deepEqual(other.errors, []);
  } finally {
    await other.ctx.close();
  }
  assert.deepEqual(errors, []);
});

scenario('a document of 100,000 shapes is stored and opens again after a reload', async ({ page, errors }) => {
  const n = 100000;
  const nodes = [{ id: 'start', type: 'start', lane: 'l1', x: 0, y: 20 }];
  const edges = [];
  for (let i = 1; i < n - 1; i++) {
    nodes.push({ id: `t${i}`, type: 'task', label: `Step ${i}`, lane: `l${1 + (i % 4)}`, x: 120 * i, y: 20 + 120 * (i % 4), work: 1 });
  }
  nodes.push({ id: 'end', type: 'end', lane: 'l1', x: 120 * n, y: 20 });
  for (let i = 0; i < n - 1; i++) edges.push({ id: `e${i}`, from: nodes[i].id, to: nodes[i + 1].id });
  const doc = { format: 'procmod', version: 1, kind: 'swimlane', title: 'Huge 巨大',
    lanes: [1, 2, 3, 4].map((i) => ({ id: `l${i}`, name: `Lane ${i}` })), nodes, edges };
  const text = JSON.stringify(doc);
  const started = Date.now();
  await page.locator(tid('import-file')).setInputFiles({ name: 'huge.procmod.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForSelector(`${tid('doc-title')} >> text=Huge 巨大`, { timeout: 120000 });
  await page.waitForSelector(`${tid('save-status')}[data-state=saved]`, { timeout: 120000 });
  const storedAt = Date.now() - started;
  assert.equal((await stored(page)).nodes.length, n);
  const reloadAt = Date.now();
  await page.reload();
  await page.waitForSelector(`${tid('doc-title')} >> text=Huge 巨大`, { timeout: 120000 });
  // Measured again from what was stored: every step's hour on the path.
  await page.waitForSelector(`${tid('metric-cycle-time')}[data-value="${n - 2}"]`, { timeout: 120000 });
  await page.waitForSelector(`${tid('save-status')}[data-state=saved]`);
  console.log(`  100,000 shapes (${(text.length / 1e6).toFixed(1)} MB): imported and stored in ${storedAt} ms, reopened in ${Date.now() - reloadAt} ms`);
  assert.deepEqual(errors, []);
});

test('a browser that offers no IndexedDB: the app works in memory, says so, and asks before closing', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await ctx.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { value: undefined }); });
  const page = await ctx.newPage();
  try {
    await page.goto(server.url);
    await page.waitForSelector(`${tid('notice')} >> text=Could not save in this browser`);
    assert.match(await page.locator(tid('save-status')).getAttribute('title'), /keeps nothing/);
    await page.click(tid('palette-task'));
    await page.waitForSelector('.node');
    assert.equal(await closeTab(page), 'beforeunload');
  } finally {
    await ctx.close();
  }
});

test('the page allows only its own scripts', async () => {
  const html = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'dist', 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a Content-Security-Policy is set');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
});
