// Process documents as a workshop hands them over: a step table typed in Excel comes in as a
// swimlane that draws itself, and the step table goes back out as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import { serve, launch, shot, artifacts, root, openApp } from './harness.mjs';
import { tid, waitStored, drawInBpmnJs, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));

// Six steps typed in a spreadsheet, Chinese headings, saved as CSV with a byte order mark.
const table = '\ufeff步骤,活动,角色,输入,输出,执行时间,延迟时间,关键控制点,下一步\r\n'
  + '1,提交请购单,申请人,,请购单,0.5,1,,2\r\n'
  + '2,部门审批,部门经理,请购单,,0.2,8,是,"3 (同意 90%); 1 (退回 10%)"\r\n'
  + '3,询价比价,采购员,请购单,比价单,2,24,,4\r\n'
  + '4,下采购订单,采购员,比价单,采购订单,0.5,4,,5\r\n'
  + '5,收货入库,仓管员,采购订单,入库单,1,2,,6\r\n'
  + '6,付款,财务,入库单; 发票,,1,48,是,end\r\n';

scenario('a step table typed in Excel comes in as a laid-out swimlane and goes back out the same', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: '采购流程.csv', mimeType: 'text/csv', buffer: Buffer.from(table) });
  const doc = await waitStored(page, (d) => d.title === '采购流程' && d.nodes?.length > 6);
  assert.deepEqual(doc.lanes.map((l) => l.name), ['申请人', '部门经理', '采购员', '仓管员', '财务']);
  assert.equal(doc.nodes.filter((n) => n.type === 'task').length, 5);
  assert.equal(doc.nodes.filter((n) => n.type === 'decision').length, 1);
  // Drawn: every step on the canvas, in its lane, along the flow.
  for (const n of doc.nodes) await page.locator(tid(`node-${n.id}`)).waitFor();
  const x = (label) => doc.nodes.find((n) => n.label === label).x;
  assert.ok(x('提交请购单') < x('部门审批') && x('部门审批') < x('询价比价') && x('收货入库') < x('付款'));
  await page.waitForSelector(`${tid('metric-cycle-time')}`);
  await page.click(tid('fit'));
  await shot(page, 'table-imported');

  // The step table goes back out as the same CSV (the headings in the app's language).
  await page.click(tid('lang'));
  await page.click(tid('open-report'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-csv'))]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const out = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(out.startsWith('\ufeff步骤,活动,角色,输入,输出,系统,执行时间,延迟时间,价值,关键控制点,下一步\r\n'));
  assert.ok(out.includes('\r\n2,部门审批,部门经理,请购单,,,0.2,8,,是,3 (同意 90%); 1 (退回 10%)\r\n'), out);
  assert.ok(out.endsWith('\r\n6,付款,财务,入库单; 发票,,,1,48,,是,end\r\n'), out);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a table with a bad row is refused with the row and column named, and the open work is kept', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'steps.csv', mimeType: 'text/csv', buffer: Buffer.from(table) });
  await waitStored(page, (d) => d.title === 'steps');
  const bad = 'step,activity,role,execution,next\n1,Ask,Buyer,1,2\n2,Buy,Buyer,zwei,end\n';
  await page.locator(tid('import-file')).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const notice = page.locator(tid('notice')).filter({ hasText: 'row 3' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /row 3, column execution: "zwei" is not a time/);
  // Still the document that was open.
  assert.equal(await page.locator(tid('doc-title')).textContent(), 'steps');
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a facilitator types a six-step process into the step table by keyboard and the swimlane draws itself', async ({ page, errors }) => {
  await page.click(tid('library'));
  await page.click(tid('new-swimlane'));
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });
  await page.click(tid('table-view'));
  await page.waitForSelector(tid('step-table'));
  await page.click(tid('new-activity'));
  const rows = [['提交请购单', '申请人'], ['部门审批', '部门经理'], ['询价比价', '采购员'], ['下采购订单', '采购员'], ['收货入库', '仓管员'], ['付款', '财务']];
  for (const [i, [activity, role]] of rows.entries()) {
    await page.keyboard.insertText(activity);
    await page.keyboard.press('Tab');
    await page.keyboard.insertText(role);
    await page.keyboard.press('Enter');
    await page.locator(tid(`cell-${i + 1}-activity`)).waitFor();
  }
  // The keyboard stays in the blank row, ready for the next step.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'new-activity');
  let doc = await waitStored(page, (d) => d.nodes?.filter((n) => n.type === 'task').length === 6);
  assert.deepEqual(doc.lanes.map((l) => l.name), ['申请人', '部门经理', '采购员', '仓管员', '财务']);

  // A cell typed over: the approval's ways out make it a decision with a rework loop; then the
  // times of step 3, going down with Enter.
  await page.fill(tid('cell-2-next'), '3 (同意 90%); 1 (退回 10%)');
  await page.keyboard.press('Enter');
  doc = await waitStored(page, (d) => d.nodes.some((n) => n.type === 'decision'));
  await page.fill(tid('cell-3-execution'), '2');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'cell-4-execution');
  doc = await waitStored(page, (d) => d.nodes.find((n) => n.label === '询价比价').work === 2);
  assert.equal(await page.inputValue(tid('cell-2-next')), '3 (同意 90%); 1 (退回 10%)');
  await shot(page, 'step-table');

  // The diagram: every step in its role's lane, along the flow; one undo step per edit.
  await page.click(tid('table-view'));
  for (const n of doc.nodes) await page.locator(tid(`node-${n.id}`)).waitFor();
  const x = (label) => doc.nodes.find((n) => n.label === label).x;
  assert.ok(x('提交请购单') < x('部门审批') && x('部门审批') < x('询价比价') && x('收货入库') < x('付款'));
  await page.click(tid('fit'));
  await shot(page, 'step-table-diagram');
  await page.keyboard.press('Control+z');
  await waitStored(page, (d) => d.nodes.find((n) => n.label === '询价比价').work !== 2);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});


scenario('a first start offers the template gallery; a template opens laid out, measured and clean', async ({ page, errors }) => {
  // The empty first document shows the gallery instead of an empty canvas.
  await page.locator(tid('empty-hint')).waitFor();
  const gallery = page.locator(`${tid('canvas')} ${tid('gallery')}`);
  await gallery.waitFor();
  assert.equal(await gallery.locator('[data-testid^=template-]').count(), 5);
  await shot(page, 'template-gallery');
  await gallery.locator(tid('template-leads')).click();
  const doc = await waitStored(page, (d) => d.title === 'Lead management' && d.nodes?.length > 0);
  assert.equal(doc.lanes.length, 3);
  for (const n of doc.nodes) await page.locator(tid(`node-${n.id}`)).waitFor();
  await page.waitForSelector(tid('metric-cycle-time'));
  assert.equal(await page.locator(tid('finding')).count(), 0, 'no findings');
  // From the library, in Chinese: the SIPOC of purchasing fills the board.
  await page.click(tid('lang'));
  await page.click(tid('library'));
  await page.locator(`${tid('library-dialog')} ${tid('template-purchasing-sipoc')}`).click();
  await waitStored(page, (d) => d.title === '采购 SIPOC' && d.kind === 'sipoc');
  await page.waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.value === '询价比价'));
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a process exported as BPMN reads in bpmn-moddle without a warning and bpmn-js draws it', async ({ page, errors, ctx }) => {
  await page.locator(`${tid('canvas')} ${tid('template-goods-receipt')}`).click();
  const doc = await waitStored(page, (d) => d.title === 'Goods receipt into the warehouse' && d.nodes?.length > 0);
  await page.click(tid('open-report'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-bpmn'))]);
  const xml = fs.readFileSync(await download.path(), 'utf8');
  // bpmn-moddle, the model bpmn.io and Camunda build on, reads it without a warning.
  const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
  assert.deepEqual(warnings.map((w) => w.message), []);
  const proc = rootElement.rootElements.find((e) => e.$type === 'bpmn:Process');
  assert.equal(proc.laneSets[0].lanes.length, doc.lanes.length);
  const tasks = doc.nodes.filter((n) => n.type === 'task').length;
  assert.equal(proc.flowElements.filter((e) => e.$type === 'bpmn:Task').length, tasks);
  // bpmn-js draws it: the pool, its lanes, the tasks, the gateway and the data object.
  const drawn = await drawInBpmnJs(ctx ?? page.context(), xml, 'bpmn-js-goods-receipt', { height: 600 });
  assert.deepEqual(drawn.warnings, []);
  const types = ['bpmn:Participant', 'bpmn:Lane', 'bpmn:Task', 'bpmn:ExclusiveGateway', 'bpmn:DataObjectReference'];
  assert.deepEqual(types.map(drawn.count), [1, 3, tasks, 1, 1]);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

test('the app opens before its exchange module arrives; when the module cannot be loaded the user is told, and the next try loads it', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  try {
    // What is out of reach: the module's script and its wasm file, then the wasm file alone.
    let blocked = /procmod-exchange/;
    const asked = [];
    ctx.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await ctx.route('**/procmod-exchange*', (route) => (blocked?.test(route.request().url()) ? route.abort() : route.continue()));
    const refused = new Promise((resolve) => ctx.on('requestfailed', (r) => r.url().includes('procmod-exchange') && resolve()));
    // The app opens with the exchange module out of reach.
    const { page } = await openApp(browser, server.url, { context: ctx });
    await page.locator(tid('gallery')).waitFor();
    // It is asked for in the background, only after the app's own module has been fetched.
    await refused;
    const app = asked.findIndex((p) => /procmod-app-.*_bg\.wasm$/.test(p));
    const exchange = asked.indexOf('/procmod-exchange.js');
    assert.ok(app >= 0 && exchange > app, asked.join(' '));
    // The process document needs it: the view says it could not be loaded, and why.
    await page.click(tid('open-report'));
    const failed = page.locator(tid('report-failed'));
    await failed.waitFor();
    assert.match(await failed.textContent(), /could not be loaded.*procmod-exchange\.js/);
    await shot(page, 'exchange-unreachable');
    // The script comes but its wasm file does not: said again, with the browser's words.
    blocked = /procmod-exchange_bg\.wasm/;
    await page.click(tid('report-retry'));
    await failed.filter({ hasText: 'Failed to fetch' }).waitFor();
    assert.match(await failed.textContent(), /could not be loaded.*\(Failed to fetch\)/);
    // Back on the network: Try again loads it and the document is written.
    blocked = null;
    await page.click(tid('report-retry'));
    await page.locator(`${tid('report-view')} .procmod-report h1`).waitFor();
    assert.equal(await page.locator(`${tid('report-loading')}, ${tid('report-failed')}`).count(), 0);
    assert.equal(await page.locator('script[src$="procmod-exchange.js"]').count(), 1, 'one copy of the script');
    assert.equal(await page.locator(tid('notice')).filter({ hasText: 'could not be loaded' }).count(), 0, 'the failure is no longer said');
    // Closed and opened again, it is there at once.
    await page.click(tid('close-dialog'));
    await page.click(tid('open-report'));
    await page.locator(`${tid('report-view')} .procmod-report h1`).waitFor();
    await shot(page, 'report-after-retry');
  } finally {
    await ctx.close();
  }
});
