// Pictures of a diagram as a consultant hands them over: the seed purchasing process drawn with
// readable connectors, saved as SVG and PNG, and printed (print stylesheet). Screenshots and the
// saved pictures land in target/e2e-artifacts/.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, shot, artifacts, root } from './harness.mjs';
import { tid, waitStored, clickEdge, setField, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));
const purchasing = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'purchasing.json'));

/** Chooses a picture entry of the top bar's menu; resolves to the downloaded file's path. */
async function save(page, entry) {
  await page.click(tid('picture'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid(entry))]);
  const file = path.join(artifacts, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

/** The points of a connector's line on the canvas, from its path data. */
const linePoints = (page, id) => page.evaluate((id) => {
  const d = document.querySelector(`[data-testid="edge-${id}"] .line`).getAttribute('d');
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)\s+(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}, id);

scenario('the purchasing process reads well and is saved as SVG and PNG and printed', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'purchasing.json', mimeType: 'application/json', buffer: purchasing });
  await page.waitForSelector(`${tid('doc-title')}:has-text("非库存物料采购流程")`);
  await page.waitForSelector(tid('edge-f4'));
  // The decision's two branches leave from different corners; the rework loop does not enter
  // the first task where the forward connector leaves it.
  const yes = await linePoints(page, 'f3');
  const no = await linePoints(page, 'f4');
  assert.notDeepEqual(yes[0], no[0], `yes ${JSON.stringify(yes)} no ${JSON.stringify(no)}`);
  const forward = await linePoints(page, 'f2');
  assert.notDeepEqual(no.at(-1), forward[0]);
  await shot(page, 'purchasing-canvas');

  // SVG: self-contained, with the structure scripts rely on.
  const svgFile = await save(page, 'export-svg');
  assert.match(path.basename(svgFile), /\.svg$/);
  const svg = fs.readFileSync(svgFile, 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(!/<script|href=|url\((?!#procmod-arrow)/.test(svg), 'no script and no external reference');
  for (const id of ['req', 'mgr', 'buy', 'fin']) assert.match(svg, new RegExp(`data-lane-id="${id}" data-bbox="[\\d. -]+"`));
  for (const id of ['s', 't1', 'd1', 't2', 't3', 't4', 'e']) assert.match(svg, new RegExp(`data-node-id="${id}" data-bbox="[\\d. -]+"`));
  const points = [...svg.matchAll(/data-edge-id="(\w+)" data-points="([^"]+)"/g)];
  assert.equal(points.length, 7);
  for (const [, id, list] of points) {
    const pts = list.split(' ').map((p) => p.split(',').map(Number));
    for (let i = 1; i < pts.length; i++) {
      assert.ok(pts[i][0] === pts[i - 1][0] || pts[i][1] === pts[i - 1][1], `${id}: slanted segment in ${list}`);
    }
  }
  assert.match(svg, /否，退回修改 no, rework 20%/);

  // Shown as a picture in a page of its own, it looks like the canvas.
  const view = await page.context().newPage();
  await view.setContent(`<body style="margin:0">${svg}</body>`);
  await view.locator('svg').screenshot({ path: path.join(artifacts, 'purchasing-svg.png') });
  await view.close();

  // PNG at 2×: a real PNG twice the SVG's size.
  const pngFile = await save(page, 'export-png-2x');
  const png = fs.readFileSync(pngFile);
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const sw = Number(/ width="([\d.]+)"/.exec(svg)[1]);
  const sh = Number(/ height="([\d.]+)"/.exec(svg)[1]);
  assert.equal(w, Math.ceil(sw * 2));
  assert.equal(h, Math.ceil(sh * 2));
  fs.copyFileSync(pngFile, path.join(artifacts, 'purchasing-2x.png'));

  // Transparent background: the same picture without its white backdrop.
  await page.click(tid('picture'));
  await page.check(tid('picture-transparent'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-svg'))]);
  const clear = fs.readFileSync(await download.path(), 'utf8');
  assert.match(clear, /class="background"[^>]*fill="none"/);

  // The menu closes on Escape and when the pointer goes elsewhere.
  await page.click(tid('picture'));
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('picture-menu'), { state: 'detached' });
  await page.click(tid('picture'));
  await page.locator(tid('picture-menu')).waitFor();
  await page.click(tid('canvas'), { position: { x: 20, y: 20 } });
  await page.waitForSelector(tid('picture-menu'), { state: 'detached' });

  // Print: only the title block and the diagram, scaled to the page.
  await page.click(tid('picture'));
  await page.click(tid('print'));
  await page.waitForSelector(`${tid('print-sheet')} svg`, { state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.topbar').isVisible(), false);
  assert.equal(await page.locator(tid('print-sheet')).isVisible(), true);
  const block = await page.locator(`${tid('print-sheet')} .title-block`).textContent();
  for (const v of ['非库存物料采购流程', 'L3', '采购部 Purchasing', '王敏', '李强', '张伟', 'V1.0']) assert.ok(block.includes(v), `${v} in ${block}`);
  await shot(page, 'purchasing-print');
  await page.emulateMedia({ media: 'screen' });
  // The app's own styles are untouched by the picture's.
  assert.equal(await page.locator('header.topbar').isVisible(), true);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('Tidy up lays a messy purchasing process out along the flow in one step, and undo puts it back', async ({ page, errors }) => {
  // The purchasing process as a hurried workshop leaves it: shapes dropped anywhere in their lanes.
  const doc = JSON.parse(purchasing);
  const messy = { s: [500, 70], t1: [880, 30], d1: [120, 230], t2: [900, 420], t3: [300, 380], t4: [640, 560], e: [150, 570] };
  for (const n of doc.nodes) [n.x, n.y] = messy[n.id];
  doc.title = 'Messy purchasing 采购';
  await page.locator(tid('import-file')).setInputFiles({ name: 'messy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForSelector(`${tid('doc-title')}:has-text("Messy purchasing")`);
  await waitStored(page, (d) => d.title === 'Messy purchasing 采购');
  await page.click(tid('fit'));
  await shot(page, 'purchasing-before-tidy');

  await page.click(tid('tidy-up'));
  const tidied = await waitStored(page, (d) => d.nodes.find((n) => n.id === 't1').x !== 880);
  const x = (id) => tidied.nodes.find((n) => n.id === id).x;
  const order = ['s', 't1', 'd1', 't2', 't3', 't4', 'e'];
  for (let i = 1; i < order.length; i++) assert.ok(x(order[i - 1]) < x(order[i]), `${order[i - 1]} before ${order[i]}`);
  // No two shapes overlap on screen, and each is inside its lane.
  const boxes = await page.evaluate(() => [...document.querySelectorAll('[data-role=node]:not(.ghost) .outline')].map((o) => {
    const r = o.getBoundingClientRect();
    return { id: o.closest('[data-role=node]').dataset.id, l: r.left, t: r.top, r: r.right, b: r.bottom };
  }));
  for (const a of boxes) for (const b of boxes) {
    if (a.id < b.id) assert.ok(a.r <= b.l || b.r <= a.l || a.b <= b.t || b.b <= a.t, `${a.id} overlaps ${b.id}`);
  }
  await page.click(tid('fit'));
  await shot(page, 'purchasing-after-tidy');

  // One undo step: every shape back where it was.
  await page.keyboard.press('Control+z');
  const back = await waitStored(page, (d) => d.nodes.find((n) => n.id === 't1').x === 880);
  for (const n of back.nodes) assert.deepEqual([n.x, n.y], messy[n.id], n.id);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('presentation mode shows the diagram alone at a readable size on a 1280×720 projector', async ({ page, errors }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator(tid('import-file')).setInputFiles({ name: 'purchasing.json', mimeType: 'application/json', buffer: purchasing });
  await page.waitForSelector(`${tid('doc-title')}:has-text("非库存物料采购流程")`);
  const zoom = async () => Number(/scale\(([\d.e-]+)\)/.exec(await page.getAttribute(tid('viewport'), 'transform'))[1]);
  const label = (id) => page.locator(`${tid(`node-${id}`)} .label`).first();

  await page.click(tid('present'));
  await page.waitForSelector(tid('present-bar'));
  // Only the diagram: no top bar, palette or panels; the canvas has the whole window.
  for (const hidden of ['header.topbar', 'aside.side', tid('palette-task')]) assert.equal(await page.locator(hidden).isVisible(), false, hidden);
  await page.waitForFunction(() => document.querySelector('[data-testid=canvas]').getBoundingClientRect().width >= 1270);
  await page.waitForFunction(() => Number(/scale\(([\d.e-]+)\)/.exec(document.querySelector('[data-testid=viewport]').getAttribute('transform'))[1]) >= 14 / 13 - 1e-6);
  // Labels at least 14 px on screen.
  const size = await label('t2').evaluate((el) => el.getBoundingClientRect().height / el.querySelectorAll('tspan').length);
  assert.ok(size >= 14, `label line ${size} px`);
  // The metrics strip: the cycle time and its split.
  const strip = await page.locator(tid('present-strip')).textContent();
  assert.match(strip, /Expected cycle time\s*94\.6 h/);
  await shot(page, 'purchasing-present');

  // L steps to a lane, N to a finding (selected and shown), M hides the strip, Esc leaves.
  const before = await page.getAttribute(tid('viewport'), 'transform');
  await page.keyboard.press('l');
  await page.keyboard.press('l');
  await page.waitForFunction((t) => document.querySelector('[data-testid=viewport]').getAttribute('transform') !== t, before);
  await page.keyboard.press('n');
  await page.waitForSelector('[data-role=node].selected');
  await page.keyboard.press('m');
  await page.waitForSelector(tid('present-strip'), { state: 'detached' });
  assert.ok(await zoom() >= 14 / 13 - 1e-9);
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('present-bar'), { state: 'detached' });
  assert.equal(await page.locator('header.topbar').isVisible(), true);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a connector is reshaped by dragging its middle segment, reset, and undone', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'purchasing.json', mimeType: 'application/json', buffer: purchasing });
  await page.waitForSelector(`${tid('doc-title')}:has-text("非库存物料采购流程")`);
  await waitStored(page, (d) => d.title.startsWith('非库存物料采购流程'));
  await clickEdge(page, 'f2');
  const handle = page.locator(tid('segment-f2-1'));
  await handle.waitFor();
  const box = await handle.boundingBox();
  const before = await linePoints(page, 'f2');
  // The vertical middle segment of request → approval, dragged 16 px to the right (it stays
  // between the two shapes).
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 8, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 16, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const saved = await waitStored(page, (d) => d.edges.find((e) => e.id === 'f2').points?.length > 0);
  const bends = saved.edges.find((e) => e.id === 'f2').points;
  const after = await linePoints(page, 'f2');
  assert.ok(after[1][0] >= before[1][0] + 10, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  assert.deepEqual(after[0], before[0]);
  assert.deepEqual(after.at(-1), before.at(-1));
  await shot(page, 'purchasing-reshaped');
  // One undo step takes the bends away; redo brings them back; "Reset route" clears them.
  await page.keyboard.press('Control+z');
  await waitStored(page, (d) => !d.edges.find((e) => e.id === 'f2').points);
  await page.keyboard.press('Control+y');
  await waitStored(page, (d, bends) => JSON.stringify(d.edges.find((e) => e.id === 'f2').points) === JSON.stringify(bends), bends);
  await clickEdge(page, 'f2');
  await page.click(tid('reset-route'));
  await waitStored(page, (d) => !d.edges.find((e) => e.id === 'f2').points);
  assert.deepEqual(await linePoints(page, 'f2'), before);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('snap lines line a shape up with its neighbour, and a resize over a neighbour is shown and said', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'purchasing.json', mimeType: 'application/json', buffer: purchasing });
  await page.waitForSelector(`${tid('doc-title')}:has-text("非库存物料采购流程")`);
  await waitStored(page, (d) => d.title.startsWith('非库存物料采购流程'));
  const zoom = Number(/scale\(([\d.e-]+)\)/.exec(await page.getAttribute(tid('viewport'), 'transform'))[1]);
  const outline = (id) => page.locator(`${tid(`node-${id}`)} .outline`).boundingBox();

  // The decision dragged left until its centre is 4 px right of the first task's centre: the
  // shared centre line is drawn while dragging, and the drop aligns the centres exactly.
  const [t1, d1] = [await outline('t1'), await outline('d1')];
  const from = { x: d1.x + d1.width / 2, y: d1.y + d1.height / 2 };
  const to = { x: t1.x + t1.width / 2 + 4 * zoom, y: from.y };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.waitForSelector(tid('guide'), { state: 'attached' });
  await shot(page, 'snap-line');
  await page.mouse.up();
  await page.waitForSelector(tid('guide'), { state: 'detached' });
  const doc = await waitStored(page, (d) => d.nodes.find((n) => n.id === 'd1').x !== 350);
  // Default sizes: a task 120 wide, a decision 60.
  const [t1n, d1n] = ['t1', 'd1'].map((id) => doc.nodes.find((n) => n.id === id));
  assert.equal(d1n.x + 30, t1n.x + 60, `decision at ${d1n.x}`);

  // "Compare quotes" widened over "Place order": the covered shape is outlined while dragging,
  // nothing moves aside, and a notice names both.
  await page.click(`${tid('node-t2')} .outline`);
  const handle = await page.locator(`${tid('node-t2')} .resize`).boundingBox();
  const grip = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
  await page.mouse.move(grip.x, grip.y);
  await page.mouse.down();
  await page.mouse.move(grip.x + 100 * zoom, grip.y, { steps: 8 });
  await page.waitForSelector(tid('overlap-mark'));
  await shot(page, 'resize-overlap');
  await page.mouse.up();
  const resized = await waitStored(page, (d) => d.nodes.find((n) => n.id === 't2').w > 120);
  assert.equal(resized.nodes.find((n) => n.id === 't3').x, 650, 'the neighbour stays');
  await page.waitForSelector(`${tid('notice')} >> text=overlaps`);
  const notice = await page.locator(tid('notice')).filter({ hasText: 'overlaps' }).textContent();
  assert.match(notice, /Compare quotes.*Place order/);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a value-stream map is saved as a picture with its icons, data boxes and timeline ladder', async ({ page, errors }) => {
  const acme = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'acme-stamping.json'));
  await page.locator(tid('import-file')).setInputFiles({ name: 'acme.json', mimeType: 'application/json', buffer: acme });
  await page.waitForSelector(tid('timeline'), { state: 'attached' });
  const svg = fs.readFileSync(await save(page, 'export-svg'), 'utf8');
  // The canvas's ladder figures are the picture's.
  const onCanvas = await page.locator(`${tid('timeline')} ${tid('ladder-step')}`).allTextContents();
  const inPicture = [...svg.matchAll(/data-testid="ladder-step">([^<]+)</g)].map((m) => m[1]);
  assert.deepEqual(inPicture, onCanvas);
  assert.equal(await page.getAttribute(tid('ladder-lead-time'), 'data-value'), /data-testid="ladder-lead-time" data-value="([^"]+)"/.exec(svg)[1]);
  for (const mark of ['class="data-box"', 'outline factory', 'line push', 'bottleneck-tag']) assert.ok(svg.includes(mark), mark);
  assert.ok(!/<script|href=|var\(--/.test(svg), 'stands alone');
  const view = await page.context().newPage();
  await view.setContent(`<body style="margin:0">${svg}</body>`);
  // Drawn, not unstyled: the push arrows are thick and the data boxes framed.
  assert.equal(await view.locator('.line.push').first().evaluate((e) => getComputedStyle(e).strokeWidth), '9px');
  await view.locator('svg').screenshot({ path: path.join(artifacts, 'vsm-picture.png') });
  await view.close();
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('the process document of the purchasing process is shown, printed on A4 in Chinese, and saved as HTML', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'purchasing.json', mimeType: 'application/json', buffer: purchasing });
  await page.waitForSelector(`${tid('doc-title')}:has-text("非库存物料采购流程")`);
  await page.click(tid('lang'));
  // What the document needs beyond the diagram, from the inspector: the file code, and for the
  // approval (a key control point) its risk and who is consulted.
  await setField(page, 'doc-code', 'QP-PUR-009');
  await waitStored(page, (d) => d.meta.code === 'QP-PUR-009');
  await page.click(`${tid('node-d1')} .outline`);
  await setField(page, 'insp-risk', '越权审批');
  await waitStored(page, (d) => d.nodes.find((n) => n.id === 'd1').risk === '越权审批');
  await page.check(tid('raci-c-fin'));
  await waitStored(page, (d) => d.nodes.find((n) => n.id === 'd1').consulted?.includes('fin'));
  await page.keyboard.press('Escape');
  await page.click(tid('open-report'));
  const view = page.locator(tid('report-view'));
  await view.waitFor();
  // The sections of a process document, the steps numbered along the flow, the flowchart.
  for (const s of ['head', 'signoff', 'roles', 'flowchart', 'steps', 'controls', 'time']) await view.locator(`[data-section="${s}"]`).waitFor({ state: 'attached' });
  const steps = await view.locator('tr[data-step]').evaluateAll((rows) => rows.map((r) => r.dataset.step));
  assert.deepEqual(steps, ['t1', 'd1', 't2', 't3', 't4']);
  assert.match(await view.locator('tr[data-step="d1"]').textContent(), /3 \(是 yes\); 1 \(否，退回修改 no, rework\)/);
  assert.equal(await view.locator('[data-section="flowchart"] svg [data-node-id]').count(), 7);
  assert.match(await view.locator('[data-section="head"]').textContent(), /QP-PUR-009/);
  assert.match(await view.locator('tr[data-control="d1"]').textContent(), /越权审批/);
  const raci = await view.locator('table.raci tr', { hasText: '2. 批准' }).locator('td.mark').allTextContents();
  assert.deepEqual(raci, ['', 'R/A', '', 'C']);
  for (const s of ['purpose', 'scope', 'terms', 'forms', 'history']) await view.locator(`[data-section="${s}"]`).waitFor({ state: 'attached' });
  // The keys stay with the document: Delete does not reach the diagram behind it.
  await page.keyboard.press('Delete');
  assert.equal(await page.locator('[data-role=node]').count(), 7);

  // Printed: the document alone, A4, sections on their own pages.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.topbar').isVisible(), false);
  assert.equal(await view.locator('.report-bar').isVisible(), false);
  assert.equal(await view.locator('[data-section="roles"]').isVisible(), true);
  await page.screenshot({ path: path.join(artifacts, 'report-print-zh.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
  await page.emulateMedia({ media: 'screen' });

  // Saved as one HTML file that stands alone.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-html'))]);
  assert.match(download.suggestedFilename(), /\.html$/);
  const html = fs.readFileSync(await download.path(), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.includes('流程步骤说明') && html.includes('<svg'));
  assert.ok(!/<script|href=|src=/.test(html), 'no script, no external reference');
  // And as a Word file: a package whose document holds the Chinese text and whose flowchart is
  // the picture the browser painted (the parts are stored, so readable as they are).
  const [word] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-docx'))]);
  assert.match(word.suggestedFilename(), /\.docx$/);
  const docx = fs.readFileSync(await word.path());
  assert.equal(docx.subarray(0, 2).toString(), 'PK');
  assert.ok(docx.includes(Buffer.from('流程步骤说明')) && docx.includes(Buffer.from('word/document.xml')));
  const png = docx.indexOf(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  assert.ok(png > 0 && docx.readUInt32BE(png + 16) > 1000, 'the flowchart painted at twice its size');
  fs.copyFileSync(await word.path(), path.join(artifacts, 'purchasing-zh.docx'));
  // And as BPMN 2.0 with its diagram: the pool, a lane per swimlane, the shapes drawn.
  const [bpmnFile] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-bpmn'))]);
  assert.match(bpmnFile.suggestedFilename(), /\.bpmn$/);
  const bpmn = fs.readFileSync(await bpmnFile.path(), 'utf8');
  assert.match(bpmn, /^<\?xml[^>]*>\s*<bpmn:definitions /);
  assert.equal(bpmn.match(/<bpmn:lane /g).length, 4);
  assert.equal(bpmn.match(/<bpmndi:BPMNShape /g).length, 1 + 4 + 7);
  await shot(page, 'report-zh');
  // Esc closes it; the diagram is as it was.
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('report-view'), { state: 'detached' });
  assert.equal(await page.locator('[data-role=node]').count(), 7);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});
