// The swimlane editor as a consultant uses it, in the served release build, in headless Chromium:
// draw a process across lanes, measure it, undo, reload, export, import, break an import, switch
// language. Screenshots land in target/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openApp, shot, artifacts, root } from './harness.mjs';
import { tid, stored, library, waitStored, centre, clickEdge, drag, rename, setField, metric, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));

scenario('a consultant draws a swimlane process across lanes, measures it, and keeps it', async ({ page, errors }) => {

  // A new document from the library, then two lanes named as they are added.
  await page.click(tid('library'));
  await page.click(tid('new-swimlane'));
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });
  await page.click(tid('add-lane'));
  await page.locator(tid('inline-edit')).fill('申请人 Requester');
  await page.keyboard.press('Enter');
  await page.click(tid('add-lane'));
  await page.locator(tid('inline-edit')).fill('Buyer 采购员');
  await page.keyboard.press('Enter');
  await waitStored(page, (d) => d.lanes?.length === 2 && d.lanes[1].name === 'Buyer 采购员');

  // start → task → decision → task → end, each palette click placing and connecting the next.
  for (const type of ['start', 'task', 'decision', 'task', 'end']) {
    await page.click(tid(`palette-${type}`));
  }
  let doc = await waitStored(page, (d) => d.nodes?.length === 5 && d.edges?.length === 4);
  const [s, t1, d1, t2, end] = doc.nodes.map((n) => n.id);
  assert.deepEqual(doc.nodes.map((n) => n.type), ['start', 'task', 'decision', 'task', 'end']);

  // The second way out of the decision: select it, add a task (placed beside the first branch).
  await page.click(`${tid(`node-${d1}`)} .outline`);
  await page.click(tid('palette-task'));
  doc = await waitStored(page, (d) => d.nodes.length === 6);
  const t3 = doc.nodes[5].id;
  // Connect the new task to the end by dragging from its handle.
  await page.click(`${tid(`node-${t3}`)} .outline`);
  const handle = await page.locator(`${tid(`node-${t3}`)} .handle`).boundingBox();
  await drag(page, { x: handle.x + 6, y: handle.y + 6 }, await centre(page, end));
  doc = await waitStored(page, (d) => d.edges.length === 6);

  // Drag the first branch's task down into the buyer's lane: it changes lane.
  const from = await centre(page, t2);
  const lane2 = await page.locator(`${tid('lane-' + doc.lanes[1].id)} .lane-body`).boundingBox();
  await drag(page, from, { x: from.x, y: lane2.y + lane2.height / 2 }, 20);
  doc = await waitStored(page, (d, t2) => d.nodes.find((n) => n.id === t2).lane === d.lanes[1].id, t2);

  // Labels, in Chinese and English, by double-click.
  await rename(page, t1, '提交采购申请');
  await rename(page, d1, 'Approved?');
  await rename(page, t2, '下订单 Place order');
  await rename(page, t3, 'Revise request');

  // Times in the inspector; a handoff time for the document.
  await page.click(`${tid(`node-${t1}`)} .outline`);
  await setField(page, 'insp-work', 1);
  await setField(page, 'insp-wait', 2);
  await page.click(`${tid(`node-${t2}`)} .outline`);
  await setField(page, 'insp-work', 3);
  await page.click(`${tid(`node-${t3}`)} .outline`);
  await setField(page, 'insp-work', 5);
  doc = await waitStored(page, (d) => d.nodes.find((n) => n.label === 'Revise request')?.work === 5);

  // Branch labels and probabilities on the decision's ways out.
  const toT2 = doc.edges.find((e) => e.from === d1 && e.to === t2).id;
  const toT3 = doc.edges.find((e) => e.from === d1 && e.to === t3).id;
  await clickEdge(page, toT2);
  await setField(page, 'insp-label', '通过');
  await setField(page, 'insp-probability', 75);
  await clickEdge(page, toT3);
  await setField(page, 'insp-label', 'Rework');
  await setField(page, 'insp-probability', 25);
  await page.keyboard.press('Escape');
  await setField(page, 'doc-handoff', 0.5);
  doc = await waitStored(page, (d) => d.settings?.handoff_time === 0.5 && d.edges.some((e) => e.probability === 0.25));
  await shot(page, 'swimlane-drawn');

  // The cycle time on screen equals the core's answer for the saved document.
  const onScreen = {
    cycle_time: await metric(page, 'cycle-time'), execution: await metric(page, 'exec'),
    delay: await metric(page, 'delay'), transfer: await metric(page, 'transfer'),
  };
  const file = path.join(artifacts, 'drawn.procmod.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  const cli = path.join(root, 'target', 'debug', 'procmod');
  let out;
  try { out = execFileSync(cli, ['check', '--json', file], { encoding: 'utf8' }); } catch (e) { out = e.stdout; }
  const core = JSON.parse(out);
  const m = (Array.isArray(core) ? core[0] : core).metrics;
  for (const k of Object.keys(onScreen)) assert.ok(Math.abs(onScreen[k] - m[k]) < 1e-9, `${k}: screen ${onScreen[k]} vs core ${m[k]}`);
  // And by hand: execution 1 + 0.75·3 + 0.25·5 = 4.5 h, delay 2 h.
  assert.ok(Math.abs(onScreen.execution - 4.5) < 1e-9, `execution ${onScreen.execution}`);
  assert.ok(Math.abs(onScreen.delay - 2) < 1e-9);
  assert.ok(onScreen.transfer > 0, 'crossing lanes costs handoff time');
  assert.ok(Math.abs(onScreen.cycle_time - (onScreen.execution + onScreen.delay + onScreen.transfer)) < 1e-9);

  // Undo the last change (handoff time) and redo it.
  await page.locator(tid('canvas')).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-transfer"]').dataset.value) === 0);
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid="metric-transfer"]').dataset.value) === t, onScreen.transfer);

  // Reload: everything is still there.
  await page.reload();
  await page.waitForSelector(tid(`node-${t3}`));
  assert.equal(await metric(page, 'cycle-time'), onScreen.cycle_time);
  assert.equal(await page.locator(`${tid('lane-' + doc.lanes[1].id)} .lane-head text`).textContent(), 'Buyer 采购员');
  assert.equal(await page.locator('.node').count(), 6);

  // Export, then import the exported file: a second document, identical content.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export'))]);
  const exported = path.join(artifacts, await download.suggestedFilename());
  await download.saveAs(exported);
  const exportedDoc = JSON.parse(fs.readFileSync(exported, 'utf8'));
  assert.equal(exportedDoc.format, 'procmod');
  assert.equal(exportedDoc.nodes.length, 6);
  const libraryLength = async () => Object.keys(await library(page)).length;
  const documentsBefore = await libraryLength();
  await page.locator(tid('import-file')).setInputFiles(exported);
  await page.waitForSelector(`${tid('notice')}:not(.error)`);
  const imported = await waitStored(page, (d, title) => d.title === title, exportedDoc.title);
  assert.deepEqual(imported.nodes, exportedDoc.nodes);
  assert.equal(await libraryLength(), documentsBefore + 1);

  // A broken file: a clear error naming the element and field; nothing changes.
  const before = await stored(page);
  await page.locator(tid('import-file')).setInputFiles({
    name: 'broken.json', mimeType: 'application/json',
    buffer: Buffer.from('{"format":"procmod","version":1,"kind":"swimlane",\n"nodes":[{"id":"t9","type":"task","work":"two"}]}'),
  });
  const notice = page.locator(`${tid('notice')}.error`);
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /Node "t9"/);
  assert.match(text, /expected a number/);
  assert.ok(text.includes('`work`'), text);
  assert.match(text, /line 2/);
  assert.deepEqual(await stored(page), before);
  assert.equal(await page.locator('.node').count(), 6);
  await shot(page, 'import-error');

  // Switch to Chinese: the interface speaks Chinese, and remembers it after a reload.
  await page.click(tid('lang'));
  await page.waitForSelector(`${tid('palette-task')} >> text=任务`);
  await page.reload();
  await page.waitForSelector(`${tid('metrics')} >> text=期望周期时间`);
  await shot(page, 'swimlane-zh');
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('lanes, selection, clipboard, orientation, library and two tabs behave as a modeler expects', async ({ page, ctx, errors }) => {
  await page.click(tid('add-lane'));
  await page.locator(tid('inline-edit')).fill('Sales 销售');
  await page.keyboard.press('Enter');
  await page.click(tid('add-lane'));
  await page.locator(tid('inline-edit')).fill('Warehouse 仓库');
  await page.keyboard.press('Enter');
  let doc = await waitStored(page, (d) => d.lanes?.length === 2 && d.lanes[1].name === 'Warehouse 仓库');
  const [la, lb] = doc.lanes.map((l) => l.id);

  // Drag shapes from the palette into each lane.
  const body = async (lane) => page.locator(`${tid('lane-' + lane)} .lane-body`).boundingBox();
  const canvasBox = await page.locator(tid('canvas')).boundingBox();
  for (const [lane, dx] of [[la, 300], [lb, 500]]) {
    const b = await body(lane);
    await page.dragAndDrop(tid('palette-task'), tid('canvas'), {
      targetPosition: { x: b.x - canvasBox.x + dx, y: b.y - canvasBox.y + b.height / 2 },
    });
  }
  doc = await waitStored(page, (d) => d.nodes?.length === 2);
  const [a, b] = doc.nodes;
  assert.equal(a.lane, la);
  assert.equal(b.lane, lb);

  // Reorder: drag the first lane's title below the second; its shape travels with it.
  const head = await page.locator(`${tid('lane-' + la)} .lane-head rect`).boundingBox();
  const second = await body(lb);
  await drag(page, { x: head.x + head.width / 2, y: head.y + head.height / 2 }, { x: head.x + head.width / 2, y: second.y + second.height / 2 });
  doc = await waitStored(page, (d, la) => d.lanes[1].id === la, la);
  assert.equal(doc.nodes.find((n) => n.id === a.id).y, a.y + 160);
  assert.equal(doc.nodes.find((n) => n.id === b.id).y, b.y - 160);

  // Resize the (now) first lane by dragging its border down 40 px: the lane after it shifts.
  const border = await page.locator(tid('lane-resize-' + lb)).boundingBox();
  await drag(page, { x: border.x + 300, y: border.y + border.height / 2 }, { x: border.x + 300, y: border.y + border.height / 2 + 40 });
  doc = await waitStored(page, (d, lb) => d.lanes[0].id === lb && d.lanes[0].size === 200, lb);
  assert.equal(doc.nodes.find((n) => n.id === a.id).y, a.y + 200);

  // Delete a lane with its contents, then undo.
  await page.locator(`${tid('lane-' + la)} .lane-body`).hover();
  await page.locator(`${tid('lane-' + la)} .lane-delete`).click();
  doc = await waitStored(page, (d) => d.lanes.length === 1 && d.nodes.length === 1);
  await page.keyboard.press('Control+z');
  doc = await waitStored(page, (d) => d.lanes.length === 2 && d.nodes.length === 2);

  // Select both shapes with an area, copy, paste: two more; delete them again.
  const nodeBoxes = await Promise.all([a.id, b.id].map((id) => page.locator(`${tid('node-' + id)} .outline`).boundingBox()));
  const x0 = Math.min(...nodeBoxes.map((n) => n.x)) - 20, y0 = Math.min(...nodeBoxes.map((n) => n.y)) - 20;
  const x1 = Math.max(...nodeBoxes.map((n) => n.x + n.width)) + 20, y1 = Math.max(...nodeBoxes.map((n) => n.y + n.height)) + 20;
  await page.keyboard.down('Shift');
  await drag(page, { x: x0, y: y0 }, { x: x1, y: y1 });
  await page.keyboard.up('Shift');
  await page.waitForSelector(`${tid('insp-many')} >> text=2`);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  doc = await waitStored(page, (d) => d.nodes.length === 4);
  assert.equal(new Set(doc.nodes.map((n) => n.id)).size, 4, 'pasted shapes get fresh ids');
  await page.keyboard.press('Delete');
  doc = await waitStored(page, (d) => d.nodes.length === 2);

  // A finding click selects and reveals its shape.
  await page.locator(tid('finding')).filter({ hasText: 'label' }).first().click();
  await page.waitForSelector(`${tid('inspector')} >> text=Shape`);

  // Vertical lanes (a document setting): the drawing turns with the lanes.
  await page.locator(tid('canvas')).click({ position: { x: 5, y: 5 } });
  await page.check(tid('vertical'));
  doc = await waitStored(page, (d) => d.settings?.orientation === 'vertical');
  await page.click(tid('fit'));
  await shot(page, 'vertical-lanes');

  // The shortcut list opens with "?" and closes with Escape.
  await page.locator(tid('canvas')).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await page.waitForSelector(tid('shortcuts-dialog'));
  await shot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('shortcuts-dialog'), { state: 'detached' });

  // Library: rename, duplicate, delete with confirmation.
  await page.click(tid('library'));
  const row = page.locator(`${tid('library-row')}.current`);
  await row.locator(tid('rename')).click();
  await page.locator(tid('rename-input')).fill('仓储流程 Warehousing');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${tid('doc-title')} >> text=仓储流程 Warehousing`);
  await row.locator(tid('duplicate')).click();
  await page.waitForSelector(`${tid('library-row')} >> text=仓储流程 Warehousing (copy)`);
  await shot(page, 'library');
  const copyRow = page.locator(tid('library-row')).filter({ hasText: '(copy)' });
  await copyRow.locator(tid('delete')).click();
  await copyRow.locator(tid('confirm-delete')).click();
  await page.waitForFunction(() => !document.body.textContent.includes('(copy)'));
  await page.click(tid('close-dialog'));

  // Two tabs on the same document: the other tab follows a save, and says so.
  const other = await ctx.newPage();
  await other.goto(server.url);
  await other.waitForSelector(`${tid('node-' + a.id)}`);
  await page.click(tid('palette-end'));
  doc = await waitStored(page, (d) => d.nodes.length === 3);
  const added = doc.nodes[2].id;
  await other.waitForSelector(tid('node-' + added));
  await other.waitForSelector(`${tid('notice')} >> text=another tab`);
  await other.click(tid('palette-start'));
  await page.waitForSelector(tid('node-' + (await waitStored(other, (d) => d.nodes.length === 4)).nodes[3].id));
  assert.deepEqual(errors, []);
});

scenario('storage failures are reported, IME input is never cut short, files can be dropped, the critical path shows', async ({ page, errors }) => {
  await page.click(tid('add-lane'));
  await page.keyboard.press('Enter');
  for (const type of ['start', 'task', 'end']) await page.click(tid(`palette-${type}`));
  let doc = await waitStored(page, (d) => d.nodes?.length === 3);
  const task = doc.nodes[1].id;

  // Chinese input through an IME: Enter while composing does not commit the half-typed pinyin.
  await page.dblclick(`${tid(`node-${task}`)} .outline`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'caigou', selectionStart: 6, selectionEnd: 6 });
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid="inline-edit"]');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true }));
  });
  assert.equal(await page.locator(tid('inline-edit')).count(), 1, 'still editing after Enter inside the composition');
  await cdp.send('Input.insertText', { text: '采购' });
  await page.keyboard.press('Enter');
  doc = await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).label === '采购', task);

  // The critical path lights up on the canvas when asked.
  await page.check(tid('critical'));
  await page.waitForSelector(`${tid(`node-${task}`)}.critical`);

  // Storage full: the user is told, the document stays on screen, the next good save recovers.
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.click(`${tid(`node-${task}`)} .outline`);
  await setField(page, 'insp-work', 2);
  await page.waitForSelector(`${tid('save-status')}.failed`);
  assert.match(await page.locator(tid('save-status')).getAttribute('title'), /full/);
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await setField(page, 'insp-work', 3);
  await page.waitForSelector(`${tid('save-status')}.saved`);
  doc = await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).work === 3, task);

  // A document dropped on the page is imported and opened.
  const dropped = { format: 'procmod', version: 1, kind: 'swimlane', title: 'Dropped 拖入',
    nodes: [{ id: 's', type: 'start' }, { id: 'e', type: 'end', x: 200 }], edges: [{ id: 'x', from: 's', to: 'e' }] };
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.procmod.json', { type: 'application/json' }));
    document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(dropped));
  await page.waitForSelector(`${tid('doc-title')} >> text=Dropped 拖入`);
  // Stored once painted (saving runs after the paint).
  assert.equal((await waitStored(page, (d) => d.title === 'Dropped 拖入')).title, 'Dropped 拖入');
  assert.deepEqual(errors, []);
});

scenario('a sub-process opens one level down and back; a future state compares with its current state', async ({ page, errors }) => {
  await page.click(tid('add-lane'));
  await page.locator(tid('inline-edit')).fill('采购员');
  await page.keyboard.press('Enter');
  for (const type of ['start', 'subprocess', 'end']) await page.click(tid(`palette-${type}`));
  let doc = await waitStored(page, (d) => d.nodes?.length === 3 && d.edges?.length === 2);
  const parentTitle = doc.title;
  const sub = doc.nodes[1].id;
  await rename(page, sub, '审批子流程');
  await page.click(`${tid(`node-${sub}`)} .outline`);
  await page.click(tid('drill-down'));
  await page.waitForSelector(`${tid('doc-title')} >> text=审批子流程`);
  // The detail is stored once it is opened (the title shows first).
  doc = await waitStored(page, (d) => d.title === '审批子流程');
  assert.equal(doc.meta.level, 'L4');
  assert.equal(doc.kind, 'swimlane');
  await page.click(tid('palette-task'));
  await waitStored(page, (d) => d.nodes?.length === 1);
  // Back up by the breadcrumb; the sub-process now links to its diagram.
  await page.locator(tid('crumb')).filter({ hasText: parentTitle }).click();
  await page.waitForSelector(`${tid('doc-title')} >> text=${parentTitle}`);
  doc = await waitStored(page, (d, title) => d.title === title, parentTitle);
  assert.ok(doc.nodes.find((n) => n.id === sub).link, 'the sub-process links to its detail');
  await page.click(`${tid(`node-${sub}`)} .outline`);
  await page.waitForSelector(`${tid('drill-down')} >> text=Open the detailed diagram`);

  // Future state: a copy to improve, then the comparison with the current state.
  await setField(page, 'insp-work', 4);
  await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).work === 4, sub);
  await page.click(tid('versions'));
  await page.click(tid('future-state'));
  await page.waitForSelector(`${tid('doc-title')} >> text=(future state)`);
  await page.click(`${tid(`node-${sub}`)} .outline`);
  await setField(page, 'insp-work', 3);
  await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).work === 3, sub);
  await page.click(tid('versions'));
  await page.click(tid('compare'));
  const row = page.locator(tid('delta-cycle_time'));
  await row.waitFor();
  assert.equal(Number(await row.getAttribute('data-before')), 4);
  assert.equal(Number(await row.getAttribute('data-after')), 3);
  assert.ok(Math.abs(Number(await row.getAttribute('data-percent')) + 0.25) < 1e-9);
  await shot(page, 'compare');
  await page.click(tid('close-dialog'));
  assert.deepEqual(errors, []);
});

/** The texts of one SIPOC column, top to bottom as on screen. */
async function sipocColumn(page, kind) {
  return page.$$eval(`[data-testid="sipoc-item"][data-kind="${kind}"]`, (els) => els
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map((e) => e.value));
}

/** The step→step chain of a stored SIPOC, as labels in order from the first step. */
function stepChain(doc) {
  const label = Object.fromEntries(doc.nodes.map((n) => [n.id, n.label]));
  const steps = new Set(doc.nodes.filter((n) => n.type === 'step').map((n) => n.id));
  const next = new Map(doc.edges.filter((e) => steps.has(e.from) && steps.has(e.to)).map((e) => [e.from, e.to]));
  const targets = new Set(next.values());
  let at = [...steps].find((s) => !targets.has(s));
  const out = [];
  while (at && out.length <= steps.size) { out.push(label[at]); at = next.get(at); }
  return out;
}

scenario('a workshop fills a SIPOC by keyboard, links it, reorders it, and keeps it', async ({ page, errors }) => {
  const findings = (rule) => page.locator(`${tid('finding')}[data-rule="${rule}"]`);
  await page.click(tid('library'));
  await page.click(tid('new-sipoc'));
  await page.waitForSelector(tid('sipoc'));
  // The empty board has the keyboard: from here on, typing only.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'sipoc-draft-supplier');
  const kb = page.keyboard;
  const enter = async (...items) => { for (const text of items) { await kb.insertText(text); await kb.press('Enter'); } };
  await enter('采购部 Purchasing', 'ERP 系统');
  await kb.press('Tab');
  await enter('采购申请 Request', '供应商报价', 'Budget');
  await kb.press('Tab');
  await enter('提交申请', '审批 Approve', '下订单');
  await kb.press('Tab');
  await enter('采购订单 PO');
  // Chinese through an IME: Enter while composing picks characters, it does not commit.
  await kb.insertText('Receipt ');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'shouhuodan', selectionStart: 10, selectionEnd: 10 });
  await page.evaluate(() => document.activeElement.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, isComposing: true, bubbles: true })));
  assert.equal(await page.locator(tid('sipoc-count-output')).textContent(), '1', 'nothing committed mid-composition');
  await cdp.send('Input.insertText', { text: '收货单' });
  await kb.press('Enter');
  await kb.press('Tab');
  await enter('仓库 Warehouse', '财务', 'tmp');
  // Up to the last item, erase it, and one more Backspace deletes it.
  await kb.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.value === 'tmp');
  for (let i = 0; i < 3; i++) await kb.press('Backspace');
  await page.waitForFunction(() => document.activeElement?.value === '');
  await kb.press('Backspace');
  await page.waitForFunction(() => document.activeElement?.value === '财务');
  await kb.press('Escape');

  let doc = await waitStored(page, (d) => d.nodes?.length === 12 && !d.nodes.some((n) => n.label === 'tmp'));
  assert.deepEqual(await sipocColumn(page, 'supplier'), ['采购部 Purchasing', 'ERP 系统']);
  assert.deepEqual(await sipocColumn(page, 'input'), ['采购申请 Request', '供应商报价', 'Budget']);
  assert.deepEqual(await sipocColumn(page, 'step'), ['提交申请', '审批 Approve', '下订单']);
  assert.deepEqual(await sipocColumn(page, 'output'), ['采购订单 PO', 'Receipt 收货单']);
  assert.deepEqual(await sipocColumn(page, 'customer'), ['仓库 Warehouse', '财务']);
  assert.deepEqual(stepChain(doc), ['提交申请', '审批 Approve', '下订单']);
  for (const [kind, n] of [['supplier', 2], ['input', 3], ['step', 3], ['output', 2], ['customer', 2]]) {
    assert.equal(await page.locator(tid(`sipoc-count-${kind}`)).textContent(), String(n));
  }
  // Nothing is linked yet: every input and output is marked and reported; 3 steps are too few.
  assert.equal(await page.locator(tid('unlinked')).count(), 5);
  assert.equal(await findings('input-without-supplier').count(), 3);
  assert.equal(await findings('output-without-customer').count(), 2);
  assert.equal(await findings('step-count').count(), 1);

  // Ctrl+Z outside the board's fields undoes a board edit; Ctrl+Shift+Z brings it back.
  await kb.press('Control+z');
  await waitStored(page, (d) => d.nodes.length === 13 && d.nodes.some((n) => n.label === 'tmp'));
  await kb.press('Control+Shift+z');
  await waitStored(page, (d) => d.nodes.length === 12);

  // A fourth step, typed after the third: the warning goes, the chain runs through it.
  await page.locator(`${tid('sipoc-item')}[data-kind="step"] >> nth=2`).focus();
  await kb.press('Enter');
  await enter('付款 Pay');
  // In the empty new row, Ctrl+Z takes back the last item and Ctrl+Shift+Z restores it.
  await kb.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid="sipoc-count-step"]').textContent === '3');
  await kb.press('Control+Shift+z');
  await page.waitForFunction(() => document.querySelector('[data-testid="sipoc-count-step"]').textContent === '4');
  // Alt+↑ moves the item itself, keeping the keyboard in it; Alt+↓ puts it back.
  await kb.press('ArrowUp');
  await kb.press('Alt+ArrowUp');
  doc = await waitStored(page, (d) => d.edges.length === 3 && d.nodes.find((n) => n.label === '付款 Pay').y < d.nodes.find((n) => n.label === '下订单').y);
  assert.deepEqual(stepChain(doc), ['提交申请', '审批 Approve', '付款 Pay', '下订单']);
  assert.equal(await page.evaluate(() => document.activeElement.value), '付款 Pay');
  await kb.press('Alt+ArrowDown');
  await waitStored(page, (d) => d.nodes.find((n) => n.label === '付款 Pay').y > d.nodes.find((n) => n.label === '下订单').y);
  await kb.press('Escape');
  doc = await waitStored(page, (d) => d.nodes.filter((n) => n.type === 'step').length === 4);
  assert.deepEqual(stepChain(doc), ['提交申请', '审批 Approve', '下订单', '付款 Pay']);
  await page.waitForFunction(() => !document.querySelector('[data-testid="finding"][data-rule="step-count"]'));

  // Clicking a finding brings the keyboard to its item.
  await findings('input-without-supplier').filter({ hasText: 'Budget' }).click();
  await page.waitForFunction(() => document.activeElement?.value === 'Budget');

  // Links from the selected item's list: the input gets its supplier, the finding goes.
  await page.locator(`${tid('sipoc-item')}[data-kind="input"] >> nth=0`).click();
  await page.locator(`${tid('links-supplier')} ${tid('link-option')}`).filter({ hasText: '采购部 Purchasing' }).locator('input').check();
  await page.locator(`${tid('links-step')} ${tid('link-option')}`).filter({ hasText: '提交申请' }).locator('input').check();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"][data-rule="input-without-supplier"]').length === 2);
  assert.equal(await findings('input-without-supplier').filter({ hasText: '采购申请' }).count(), 0);
  await page.locator(`${tid('sipoc-item')}[data-kind="output"] >> nth=0`).click();
  await page.locator(`${tid('links-customer')} ${tid('link-option')}`).filter({ hasText: '仓库 Warehouse' }).locator('input').check();
  await page.locator(`${tid('links-step')} ${tid('link-option')}`).filter({ hasText: '下订单' }).locator('input').check();
  doc = await waitStored(page, (d) => d.edges.length === 3 + 4);
  const label = Object.fromEntries(doc.nodes.map((n) => [n.id, n.label]));
  const links = doc.edges.map((e) => `${label[e.from]} → ${label[e.to]}`);
  for (const l of ['采购部 Purchasing → 采购申请 Request', '采购申请 Request → 提交申请', '下订单 → 采购订单 PO', '采购订单 PO → 仓库 Warehouse']) {
    assert.ok(links.includes(l), `${l} in ${links.join(', ')}`);
  }
  assert.equal(await findings('output-without-customer').count(), 1);
  assert.equal(await page.locator(tid('unlinked')).count(), 3);
  assert.equal(await page.locator(tid('sipoc-line')).count(), 4);
  await shot(page, 'sipoc');

  // Drag the last step to the top by its grip: order and chain follow, as one undo step.
  await kb.press('Escape');
  const grips = page.locator(`${tid('sipoc-row')}:has([data-kind="step"]) ${tid('sipoc-grip')}`);
  const last = await grips.nth(3).boundingBox();
  const first = await grips.nth(0).boundingBox();
  await drag(page, { x: last.x + last.width / 2, y: last.y + last.height / 2 }, { x: first.x + first.width / 2, y: first.y + first.height / 2 });
  doc = await waitStored(page, (d) => d.nodes.filter((n) => n.type === 'step').sort((a, b) => (a.y || 0) - (b.y || 0))[0].label === '付款 Pay');
  assert.deepEqual(stepChain(doc), ['付款 Pay', '提交申请', '审批 Approve', '下订单']);
  assert.deepEqual(await sipocColumn(page, 'step'), ['付款 Pay', '提交申请', '审批 Approve', '下订单']);
  await kb.press('Control+z');
  doc = await waitStored(page, (d) => d.nodes.filter((n) => n.type === 'step').sort((a, b) => (a.y || 0) - (b.y || 0))[0].label === '提交申请');
  assert.deepEqual(stepChain(doc), ['提交申请', '审批 Approve', '下订单', '付款 Pay']);

  // Reload: all of it is still there.
  await page.reload();
  await page.waitForSelector(tid('sipoc'));
  assert.deepEqual(await stored(page), doc);
  assert.deepEqual(await sipocColumn(page, 'input'), ['采购申请 Request', '供应商报价', 'Budget']);
  assert.deepEqual(await sipocColumn(page, 'step'), ['提交申请', '审批 Approve', '下订单', '付款 Pay']);
  assert.deepEqual(await sipocColumn(page, 'output'), ['采购订单 PO', 'Receipt 收货单']);
  assert.equal(await page.locator(tid('sipoc-line')).count(), 4);
  assert.equal(await findings('input-without-supplier').count(), 2);

  // In Chinese, the columns speak Chinese.
  await page.click(tid('lang'));
  await page.waitForSelector(`${tid('sipoc-head-supplier')} >> text=供应商`);
  await shot(page, 'sipoc-zh');
  assert.deepEqual(errors, []);
});

// A slow laptop on a projector: the board is redrawn after the key that sends the keyboard to a
// new item, and the item must already show its text (a blank one reads as erased on the next key).
scenario('on a slow machine, going up to an item just typed finds its text and keeps it', async ({ page, errors }) => {
  await page.click(tid('library'));
  await page.click(tid('new-sipoc'));
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'sipoc-draft-supplier');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  const kb = page.keyboard;
  const typed = ['北京 Beijing', '上海', 'Shenzhen 深圳', '广州', 'Hangzhou', '成都 Chengdu'];
  for (const text of typed) {
    await kb.insertText(text);
    await kb.press('Enter');
    await kb.press('ArrowUp');
    await page.waitForFunction((t) => document.activeElement?.value === t, text, { timeout: 10000 });
    await kb.press('ArrowDown');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'sipoc-draft-supplier');
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await kb.press('Escape');
  await waitStored(page, (d, n) => d.nodes?.length === n, typed.length);
  assert.deepEqual(await sipocColumn(page, 'supplier'), typed);
  assert.deepEqual((await stored(page)).nodes.map((n) => n.label), typed);
  assert.deepEqual(errors, []);
});

scenario('a consultant draws the Acme Stamping value stream and reads takt, lead time and the bottleneck', async ({ page, errors }) => {
  // A new value-stream map from the library.
  await page.click(tid('library'));
  await page.click(tid('new-vsm'));
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });
  await page.waitForSelector(tid('palette-process'));

  // Supplier → coils → stamping → … → customer: each palette click places the next shape after
  // the selected one and connects them.
  const chain = ['supplier', 'inventory', 'process', 'inventory', 'process', 'inventory', 'process',
    'inventory', 'process', 'inventory', 'process', 'inventory', 'customer'];
  for (const type of chain) await page.click(tid(`palette-${type}`));
  let doc = await waitStored(page, (d) => d.nodes?.length === 13 && d.edges?.length === 12);
  assert.deepEqual(doc.nodes.map((n) => n.type), chain);
  assert.ok(doc.edges.every((e) => e.flow === 'push'), 'material arrows start as push');
  const ids = doc.nodes.map((n) => n.id);
  await page.click(tid('fit'));

  // Every shape's data in the inspector, as a consultant copies it from the shop floor.
  const data = [
    { label: 'Michigan Steel Co.' },
    { label: 'Coils', 'insp-days': 5 },
    { label: 'Stamping', 'insp-ct': 1, 'insp-co': 3600, 'insp-uptime': 85, 'insp-operators': 1, 'insp-shifts': 2 },
    { 'insp-quantity': 4600 + 2400 },
    { label: 'S. Weld #1', 'insp-ct': 39, 'insp-co': 600, 'insp-uptime': 100, 'insp-operators': 1, 'insp-shifts': 2 },
    { 'insp-quantity': 1100 + 600 },
    { label: 'S. Weld #2', 'insp-ct': 46, 'insp-co': 600, 'insp-uptime': 80, 'insp-operators': 1, 'insp-shifts': 2 },
    { 'insp-quantity': 1600 + 850 },
    { label: 'Assembly #1', 'insp-ct': 62, 'insp-co': 0, 'insp-uptime': 100, 'insp-operators': 1, 'insp-shifts': 2 },
    { 'insp-quantity': 1200 + 640 },
    { label: 'Assembly #2', 'insp-ct': 40, 'insp-co': 0, 'insp-uptime': 100, 'insp-operators': 1, 'insp-shifts': 2 },
    { label: 'Shipping', 'insp-quantity': 2700 + 1440 },
    { label: 'State Street Assembly' },
  ];
  for (const [i, fields] of data.entries()) {
    await page.click(`${tid(`node-${ids[i]}`)} .outline`);
    await page.waitForSelector(`${tid('inspector')} code:text("${ids[i]}")`);
    for (const [field, value] of Object.entries(fields)) {
      await setField(page, field === 'label' ? 'insp-label' : field, value);
    }
  }
  doc = await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).label === 'State Street Assembly', ids[12]);
  assert.equal(doc.nodes[2].uptime, 0.85);
  assert.equal(doc.nodes[3].quantity, 7000);

  // Demand: 18,400 a month over 20 days; two 8-hour shifts with two 10-minute breaks each.
  await page.keyboard.press('Escape');
  await setField(page, 'doc-title-input', 'Acme Stamping — current state');
  await setField(page, 'doc-demand', 920);
  await setField(page, 'doc-shifts', 2);
  await setField(page, 'doc-shift-hours', 8);
  await setField(page, 'doc-breaks', 20);
  await page.waitForFunction(() => document.querySelector('[data-testid=doc-available]')?.dataset.value === '55200');
  assert.equal(Number(await page.locator(tid('doc-takt')).getAttribute('data-value')), 60);

  // On screen: takt 60 s, processing 188 s, lead time 23.6 days, Assembly #1 over takt.
  await page.waitForSelector(tid('metric-takt'));
  assert.equal(await metric(page, 'takt'), 60);
  assert.match(await page.locator(`${tid('metric-takt')} .value`).innerText(), /^60 s$/);
  assert.equal(await metric(page, 'processing'), 188);
  assert.ok(Math.abs(await metric(page, 'lead-time') - 23.6) < 0.05);
  assert.match(await page.locator(`${tid('metric-lead-time')} .value`).innerText(), /^23\.6 days$/);
  assert.ok(await metric(page, 'pce') > 0);
  const assy1 = page.locator(tid(`node-${ids[8]}`));
  assert.equal(await assy1.getAttribute('data-over-takt'), 'true');
  assert.equal(await assy1.locator(tid('bottleneck-tag')).textContent(), 'bottleneck');
  assert.equal(await page.locator(`${tid('node-' + ids[10])}[data-over-takt]`).count(), 0);
  assert.equal(await page.locator(tid('metric-bottleneck')).getAttribute('data-node'), ids[8]);
  const bars = page.locator(tid('ct-bar'));
  assert.equal(await bars.count(), 5);
  assert.deepEqual(await bars.evaluateAll((bs) => bs.map((b) => b.dataset.over)), ['false', 'false', 'false', 'true', 'false']);
  // The data box shows what was typed, in the map's units.
  const box = await page.locator(tid(`data-box-${ids[2]}`)).textContent();
  assert.match(box, /C\/T\s*1 s/);
  assert.match(box, /C\/O\s*60 min/);
  assert.match(box, /Uptime\s*85%/);

  // After Fit the whole map and its timeline ladder are on screen, with the totals.
  await page.click(tid('fit'));
  const canvas = await page.locator(tid('canvas')).boundingBox();
  const ladder = await page.locator(tid('timeline')).boundingBox();
  assert.ok(ladder.y >= canvas.y && ladder.y + ladder.height <= canvas.y + canvas.height, 'ladder fits vertically');
  assert.ok(ladder.x >= canvas.x && ladder.x + ladder.width <= canvas.x + canvas.width, 'ladder fits horizontally');
  assert.ok(Math.abs(Number(await page.locator(tid('ladder-lead-time')).getAttribute('data-value')) - 23.6) < 0.05);
  assert.match(await page.locator(tid('ladder-processing')).textContent(), /188 s/);
  assert.equal(await page.locator(`${tid('timeline')} ${tid('ladder-step')}`).count(), 11);
  await shot(page, 'vsm-acme');

  // A pull arrow instead of the last push: chosen in the inspector, drawn with its sign.
  const last = doc.edges[11].id;
  await clickEdge(page, last);
  await page.locator(tid('insp-flow')).selectOption('pull');
  await page.waitForSelector(`${tid(`edge-${last}`)}.flow-pull .pull-sign`);

  // What was typed survives a reload: the shifts, hours and breaks, not only the seconds.
  await page.reload();
  await page.waitForSelector(tid('metric-takt'));
  await page.keyboard.press('Escape');
  assert.equal(await page.locator(tid('doc-shifts')).inputValue(), '2');
  assert.equal(await page.locator(tid('doc-shift-hours')).inputValue(), '8');
  assert.equal(await page.locator(tid('doc-breaks')).inputValue(), '20');
  assert.equal(await metric(page, 'takt'), 60);

  // In Chinese the tag reads 瓶颈.
  await page.click(tid('lang'));
  assert.equal(await page.locator(`${tid(`node-${ids[8]}`)} ${tid('bottleneck-tag')}`).textContent(), '瓶颈');
  await page.click(tid('fit'));
  await shot(page, 'vsm-acme-zh');
  assert.deepEqual(errors, []);
});

scenario('a SIPOC step opens as a swimlane one level down; the Acme future state compares with the current state', async ({ page, errors }) => {
  // A SIPOC arrives as a file; its step opens as a swimlane, and the breadcrumb leads back.
  const sipoc = { format: 'procmod', version: 1, kind: 'sipoc', title: '采购 SIPOC', meta: { level: 'L2' },
    nodes: [{ id: 'st1', type: 'step', label: '审批采购申请', x: 440, y: 40 }, { id: 'st2', type: 'step', label: '下订单', x: 440, y: 100 }],
    edges: [{ id: 'c1', from: 'st1', to: 'st2' }] };
  await page.locator(tid('import-file')).setInputFiles({ name: 'sipoc.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sipoc)) });
  await page.waitForSelector(`${tid('doc-title')} >> text=采购 SIPOC`);
  await page.locator(`[data-testid="sipoc-item"][data-id="st1"]`).click();
  await page.click(tid('drill-down'));
  await page.waitForSelector(`${tid('doc-title')} >> text=审批采购申请`);
  let doc = await waitStored(page, (d) => d.title === '审批采购申请');
  assert.deepEqual([doc.kind, doc.meta.level], ['swimlane', 'L3']);
  await page.waitForSelector(`${tid('breadcrumbs')} >> text=采购 SIPOC`);
  await page.locator(tid('crumb')).filter({ hasText: '采购 SIPOC' }).click();
  await page.waitForSelector(`${tid('doc-title')} >> text=采购 SIPOC`);
  assert.equal((await stored(page)).nodes.find((n) => n.id === 'st1').link.length > 0, true);

  // The Acme current state, its future state with smaller inventories, and the comparison.
  const acme = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'acme-stamping.json'));
  await page.locator(tid('import-file')).setInputFiles({ name: 'acme.json', mimeType: 'application/json', buffer: acme });
  await page.waitForSelector(`${tid('doc-title')} >> text=Acme Stamping`);
  await page.click(tid('versions'));
  await page.click(tid('future-state'));
  await page.waitForSelector(`${tid('doc-title')} >> text=(future state)`);
  doc = await waitStored(page, (d) => d.title.endsWith('(future state)'));
  const coils = doc.nodes.find((n) => n.type === 'inventory' && n.days);
  await page.locator(tid('node-' + coils.id)).locator('polygon, path').first().click();
  await page.locator(tid('insp-days')).fill('2');
  await page.locator(tid('insp-days')).press('Tab');
  await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).days === 2, coils.id);
  await page.click(tid('versions'));
  await page.click(tid('compare'));
  const row = page.locator(tid('delta-lead_time_days'));
  await row.waitFor();
  const before = Number(await row.getAttribute('data-before'));
  const after = Number(await row.getAttribute('data-after'));
  assert.ok(Math.abs(before - 23.6) < 0.05, `before ${before}`);
  assert.ok(Math.abs(before - after - 3) < 1e-9, `after ${after}`);
  await shot(page, 'vsm-compare');
  await page.click(tid('close-dialog'));
  assert.deepEqual(errors, []);
});
