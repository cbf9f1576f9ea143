// BPMN 2.0 in and out as a consultant uses it: a client's Camunda or ARIS file is imported by
// the Import button or dropped on the page, drawn in its pools and lanes with what could not be
// carried over said; its sub-processes open one level down; exported back it reads in
// bpmn-moddle without a warning and bpmn-js draws it. Every file of the corpus of other tools'
// files (tests/fixtures/bpmn) exports back to a file bpmn-moddle accepts.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import BpmnModdle from 'bpmn-moddle';
import { serve, launch, shot, artifacts, root } from './harness.mjs';
import { tid, waitStored, library, drawInBpmnJs, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));
const corpus = path.join(root, 'tests', 'fixtures', 'bpmn');
const file = (name) => fs.readFileSync(path.join(corpus, name));

scenario('a Camunda file imported by the Import button keeps its pools, lanes and messages, and its sub-process opens one level down', async ({ page, errors, ctx }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'camunda-modeler-b.1.0.bpmn', mimeType: 'application/xml',
    buffer: file('camunda-modeler-b.1.0.bpmn') });
  const doc = await waitStored(page, (d) => d.title === 'Participant · Pool' && d.nodes?.length > 20);
  // Two pools: the participant without lanes as one lane, the pool's two lanes by name.
  assert.deepEqual(doc.lanes.map((l) => [l.pool, l.name]),
    [['Participant', 'Participant'], ['Pool', 'Pool / Lane 1'], ['Pool', 'Pool / Lane 2']]);
  assert.equal(doc.edges.filter((e) => e.flow === 'message').length, 2);
  // Drawn: every shape on the canvas, the messages dashed.
  for (const n of doc.nodes) await page.locator(tid(`node-${n.id}`)).waitFor({ state: 'attached' });
  const message = doc.edges.find((e) => e.flow === 'message');
  assert.equal(await page.locator(`${tid(`edge-${message.id}`)}.flow-message`).count(), 1);
  // What has no place in Procmod is said, with the elements' ids.
  const notice = page.locator(tid('notice')).filter({ hasText: 'Not everything' });
  await notice.waitFor();
  const said = await notice.textContent();
  assert.match(said, /2 × userTask imported as tasks/);
  assert.match(said, /Activity_1923g7r/);
  assert.match(said, /2 diagrams one level down/);
  await page.click(tid('fit'));
  await shot(page, 'bpmn-imported');
  // The expanded sub-process's content is a diagram of its own in the library, linked both ways.
  const docs = Object.values(await library(page));
  const child = docs.find((d) => d.title === 'Sub Process - Expanded');
  assert.ok(child, docs.map((d) => d.title).join(', '));
  assert.ok(child.nodes.length >= 3);
  const sub = doc.nodes.find((n) => n.label === 'Sub Process - Expanded');
  assert.equal(child.meta.parent_element, sub.id);
  await page.locator(tid(`node-${sub.id}`)).click();
  await page.click(tid('drill-down'));
  await page.waitForSelector(`${tid('doc-title')} >> text=Sub Process - Expanded`);
  // Exported again, bpmn-moddle reads it without a warning and bpmn-js draws both pools, their
  // lanes and the message flows.
  await page.locator(tid('crumb')).first().click();
  await page.waitForSelector(`${tid('doc-title')} >> text=Participant · Pool`);
  await page.click(tid('open-report'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-bpmn'))]);
  const xml = fs.readFileSync(await download.path(), 'utf8');
  const { warnings } = await new BpmnModdle().fromXML(xml);
  assert.deepEqual(warnings.map((w) => w.message), []);
  const drawn = await drawInBpmnJs(ctx ?? page.context(), xml, 'bpmn-js-camunda-round-trip');
  assert.deepEqual(drawn.warnings, []);
  assert.deepEqual(['bpmn:Participant', 'bpmn:Lane', 'bpmn:MessageFlow'].map(drawn.count), [2, 3, 2]);
  // The sub-processes carry their diagrams one level down, read from the library: drawn
  // inside them when the user asks for expanded sub-processes.
  await page.locator(tid('report-bpmn-expanded')).check();
  const [expanded] = await Promise.all([page.waitForEvent('download'), page.click(tid('report-bpmn'))]);
  const full = fs.readFileSync(await expanded.path(), 'utf8');
  const { rootElement: defs, warnings: moddleWarnings } = await new BpmnModdle().fromXML(full);
  assert.deepEqual(moddleWarnings.map((w) => w.message), []);
  const subs = defs.rootElements.filter((e) => e.$type === 'bpmn:Process').flatMap((p) => p.flowElements)
    .filter((e) => e.$type === 'bpmn:SubProcess' && (e.flowElements ?? []).length > 0);
  assert.deepEqual(subs.map((s) => s.name).sort(), ['Call Activity - Expanded', 'Sub Process - Expanded']);
  assert.match(full, /isExpanded="true"/);
  const inside = await drawInBpmnJs(ctx ?? page.context(), full, 'bpmn-js-camunda-expanded');
  assert.deepEqual(inside.warnings, []);
  // Collapsed (the default), each sub-process's content is on a diagram of its own; expanded,
  // all on one.
  const diagrams = (text) => (text.match(/<bpmndi:BPMNDiagram /g) ?? []).length;
  assert.deepEqual([diagrams(xml), diagrams(full)], [3, 1]);
  assert.equal(inside.count('bpmn:Task'), drawn.count('bpmn:Task'));
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a BPMN file dropped on the page is imported with its boundary events on their steps', async ({ page, errors }) => {
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'cardanit-a.3.0.bpmn', { type: 'application/xml' }));
    document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, file('cardanit-a.3.0.bpmn').toString('utf8'));
  const doc = await waitStored(page, (d) => d.title === 'Process' && d.nodes?.length > 5);
  const boundary = doc.nodes.filter((n) => n.attached);
  assert.equal(boundary.length, 2);
  for (const b of boundary) {
    const host = doc.nodes.find((n) => n.id === b.attached);
    // On the step's border: its centre within the step's box, on an edge.
    const [cx, cy] = [b.x + (b.w || 40) / 2, b.y + (b.h || 40) / 2];
    const [w, h] = [host.w || 120, host.h || 60];
    assert.ok(cx >= host.x - 1 && cx <= host.x + w + 1 && cy >= host.y - 1 && cy <= host.y + h + 1, JSON.stringify([b, host]));
    await page.locator(`${tid(`node-${b.id}`)}.boundary`).waitFor();
  }
  // No finding: the exception paths count as reached.
  await page.locator(tid('no-findings')).waitFor();
  await page.click(tid('fit'));
  await shot(page, 'bpmn-dropped-boundary');
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a broken BPMN file is refused with its line and column, and the open work is kept', async ({ page, errors }) => {
  await page.locator(tid('import-file')).setInputFiles({ name: 'trisotech-a.1.0.bpmn', mimeType: 'application/xml',
    buffer: file('trisotech-a.1.0.bpmn') });
  await waitStored(page, (d) => d.title === 'A.1.0');
  const broken = '<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <process id="p">\n</definitions>\n';
  await page.locator(tid('import-file')).setInputFiles({ name: 'broken.bpmn', mimeType: 'application/xml', buffer: Buffer.from(broken) });
  const notice = page.locator(tid('notice')).filter({ hasText: 'line 4' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /not well-formed XML at line 4, column 1: expected 'process' tag, not 'definitions'/);
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
  await page.locator(tid('import-file')).setInputFiles({ name: 'picture.xml', mimeType: 'application/xml', buffer: Buffer.from(svg) });
  await page.locator(tid('notice')).filter({ hasText: 'not BPMN 2.0' }).waitFor();
  assert.equal(await page.locator(tid('doc-title')).textContent(), 'A.1.0');
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

test('every file of the corpus exports back to BPMN that bpmn-moddle reads without a warning', async () => {
  const built = path.join(root, 'target', 'debug', process.platform === 'win32' ? 'procmod.exe' : 'procmod');
  const cli = fs.existsSync(built) ? [built] : ['cargo', 'run', '--quiet', '--bin', 'procmod', '--'];
  const out = fs.mkdtempSync(path.join(artifacts, 'bpmn-'));
  const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.bpmn'));
  assert.ok(files.length >= 12);
  for (const f of files) {
    const target = path.join(out, f);
    execFileSync(cli[0], [...cli.slice(1), 'convert', path.join(corpus, f), target], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const { rootElement, warnings } = await new BpmnModdle().fromXML(fs.readFileSync(target, 'utf8'));
    assert.deepEqual(warnings.map((w) => w.message), [], f);
    assert.ok(rootElement.rootElements.some((e) => e.$type === 'bpmn:Process'), f);
  }
});

scenario('a reminder timer put on a task’s border in the inspector rides with the task and leads its own way', async ({ page, errors }) => {
  await page.click(tid('library'));
  await page.click(tid('new-swimlane'));
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });
  await page.click(tid('add-lane'));
  await page.locator(tid('inline-edit')).fill('审批人 Approver');
  await page.keyboard.press('Enter');
  for (const type of ['start', 'task', 'end']) await page.click(tid(`palette-${type}`));
  let doc = await waitStored(page, (d) => d.nodes?.length === 3);
  const task = doc.nodes[1].id;
  // An intermediate event after the task, its trigger a timer, then put on the task's border.
  await page.click(`${tid(`node-${task}`)} .outline`);
  await page.click(tid('palette-event'));
  doc = await waitStored(page, (d) => d.nodes.length === 4);
  const event = doc.nodes.find((n) => n.type === 'event').id;
  await page.selectOption(tid('insp-trigger'), 'timer');
  await page.selectOption(tid('insp-attached'), task);
  await page.locator(tid('insp-non-interrupting')).check();
  doc = await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id)?.non_interrupting === true, event);
  const [t, e] = [doc.nodes.find((n) => n.id === task), doc.nodes.find((n) => n.id === event)];
  assert.equal(e.trigger, 'timer');
  assert.equal(e.attached, task);
  assert.equal(e.y + 20, t.y + (t.h || 60), 'centred on the lower border');
  await page.locator(`${tid(`node-${event}`)}.boundary.non-interrupting`).waitFor();
  assert.ok(!doc.edges.some((x) => x.to === event), 'no connector from its own step');
  // Its exception path: a chase-up task and an end, placed and connected from the event.
  await page.click(`${tid(`node-${event}`)} .outline`);
  await page.click(tid('palette-task'));
  await page.click(tid('palette-end'));
  doc = await waitStored(page, (d, id) => d.nodes.length === 6 && d.edges.some((x) => x.from === id), event);
  // Reached through its step: no error.
  await page.locator(tid('metric-cycle-time')).waitFor();
  assert.equal(await page.locator(`${tid('findings')} li.error`).count(), 0);
  // Dragging the task takes its event along.
  const from = await page.locator(`${tid(`node-${task}`)} .outline`).boundingBox();
  await page.mouse.move(from.x + 20, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + 80, from.y + 10, { steps: 8 });
  await page.mouse.up();
  doc = await waitStored(page, (d, [id, x]) => d.nodes.find((n) => n.id === id).x !== x, [task, t.x]);
  const moved = doc.nodes.find((n) => n.id === event);
  assert.equal(moved.x - e.x, doc.nodes.find((n) => n.id === task).x - t.x);
  assert.equal(await page.locator(tid('notice')).filter({ hasText: 'overlaps' }).count(), 0);
  await page.click(tid('fit'));
  await shot(page, 'boundary-timer');
  assert.deepEqual(errors.filter((x) => !x.includes('favicon')), []);
});
