// Editing as a new user of the first version tried it: the inspector's lane choice, a time unit
// that converts, team sizes per lane, numbers typed with a Chinese IME, paste into another
// document, and a keyboard that can always leave the SIPOC board and the dialogs.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, shot } from './harness.mjs';
import { tid, stored, waitStored, drag, setField, scenario as run } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = (name, body) => run(name, body, () => ({ browser, server }));

/** The data-testid of the element that has the keyboard. */
const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid || document.activeElement?.id || '');

/** A new swimlane from the library with two named lanes; resolves to the stored document. */
async function newSwimlane(page) {
  await page.click(tid('library'));
  await page.waitForSelector(tid('library-dialog'));
  await page.click(tid('new-swimlane'));
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });
  for (const name of ['采购员 Buyer', '财务 Finance']) {
    await page.click(tid('add-lane'));
    await page.locator(tid('inline-edit')).fill(name);
    await page.keyboard.press('Enter');
  }
  return waitStored(page, (d) => d.lanes?.length === 2 && d.lanes[1].name === '财务 Finance');
}

scenario('the inspector, the time unit, team sizes and typed numbers behave as a consultant expects', async ({ page, errors }) => {
  // The library takes the keyboard when it opens: its first button has focus, Tab goes on.
  await page.click(tid('library'));
  await page.waitForSelector(tid('library-dialog'));
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'new-swimlane');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'new-sipoc');
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('library-dialog'), { state: 'detached' });

  let doc = await newSwimlane(page);
  const [buyer, finance] = doc.lanes.map((l) => l.id);
  for (const type of ['start', 'task', 'end']) {
    await page.click(tid(`palette-${type}`));
  }
  doc = await waitStored(page, (d) => d.nodes?.length === 3 && d.edges?.length === 2);
  const task = doc.nodes.find((n) => n.type === 'task');
  assert.equal(task.lane, buyer);

  // Numbers typed with a Chinese IME: full-width digits and the Chinese full stop.
  await page.click(`${tid(`node-${task.id}`)} .outline`);
  await setField(page, 'insp-work', '０。５');
  doc = await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).work === 0.5, task.id);
  // Something that is not a number is kept in the box, marked, and explained; nothing changes.
  await setField(page, 'insp-wait', 'zwei');
  await page.waitForSelector(`${tid('insp-wait-error')} >> text=Not a number`);
  assert.equal((await stored(page)).nodes.find((n) => n.id === task.id).wait ?? 0, 0);

  // Choosing another lane in the inspector moves the shape into that lane, and a nudge keeps it.
  await page.selectOption(tid('insp-lane'), finance);
  doc = await waitStored(page, (d, [id, lane]) => d.nodes.find((n) => n.id === id).lane === lane, [task.id, finance]);
  let moved = doc.nodes.find((n) => n.id === task.id);
  const centreY = moved.y + (moved.h || 60) / 2;
  assert.ok(centreY >= 160 && centreY < 320, `drawn in the finance lane: ${centreY}`);
  await page.click(`${tid(`node-${task.id}`)} .outline`);
  await page.keyboard.press('ArrowRight');
  doc = await waitStored(page, (d, [id, x]) => d.nodes.find((n) => n.id === id).x === x + 10, [task.id, moved.x]);
  assert.equal(doc.nodes.find((n) => n.id === task.id).lane, finance);

  // Four hours of work; then the document's time unit becomes minutes: 240 min, not "4 min".
  await setField(page, 'insp-work', 4);
  await waitStored(page, (d, id) => d.nodes.find((n) => n.id === id).work === 4, task.id);
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('doc-time-unit'));
  await setField(page, 'doc-arrivals', 10);
  await page.selectOption(tid('doc-time-unit'), 'min');
  doc = await waitStored(page, (d, id) => d.time_unit === 'min' && d.nodes.find((n) => n.id === id).work === 240, task.id);
  await page.waitForSelector(`${tid('metric-cycle-time')} >> text=240`);

  // A lane's title selects the lane: its inspector sets the team size, and utilisation follows.
  const load = page.locator(tid('lane-load')).filter({ hasText: '财务' });
  await load.locator('em').waitFor();
  const before = await load.locator('em').textContent();
  await page.locator(`${tid('lane-' + finance)} .lane-head rect`).click();
  await page.waitForSelector(tid('lane-inspector'));
  await setField(page, 'lane-capacity', 2);
  doc = await waitStored(page, (d, id) => d.lanes.find((l) => l.id === id).capacity === 2, finance);
  await page.waitForFunction(([before]) => {
    const row = [...document.querySelectorAll('[data-testid="lane-load"]')].find((r) => r.textContent.includes('财务'));
    return row && row.querySelector('em').textContent !== before;
  }, [before]);
  const after = await load.locator('em').textContent();
  assert.equal(parseFloat(after) * 2, parseFloat(before), `${before} → ${after}`);
  await shot(page, 'lane-inspector');

  // A refused value says why, in Chinese too.
  await setField(page, 'lane-capacity', '-1');
  await page.waitForSelector(`${tid('lane-capacity-error')} >> text=Must be 0 or more`);
  await page.click(tid('lang'));
  await page.waitForSelector(`${tid('lane-capacity-error')} >> text=必须大于或等于 0`);
  // Findings name shapes by their label in the user's language.
  await page.locator(tid('finding')).first().waitFor();
  const finding = await page.locator(tid('finding')).filter({ hasText: '没有名称' }).first().textContent();
  assert.match(finding, /任务\[/);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('a shape pasted into another document goes into the lane under the pointer', async ({ page, errors }) => {
  let doc = await newSwimlane(page);
  await page.click(tid('palette-task'));
  doc = await waitStored(page, (d) => d.nodes?.length === 1);
  const original = doc.nodes[0];
  await page.click(`${tid(`node-${original.id}`)} .outline`);
  await page.keyboard.press('Control+c');

  // Another document, whose lanes have other ids.
  doc = await newSwimlane(page);
  const lane2 = doc.lanes[1];
  const body = await page.locator(`${tid('lane-' + lane2.id)} .lane-body`).boundingBox();
  await page.mouse.move(body.x + 400, body.y + body.height / 2);
  await page.keyboard.press('Control+v');
  doc = await waitStored(page, (d) => d.nodes?.length === 1);
  assert.equal(doc.nodes[0].lane, lane2.id);
  assert.ok(!doc.nodes[0].lane.startsWith('lane') || doc.lanes.some((l) => l.id === doc.nodes[0].lane));
  const findings = await page.locator(tid('finding')).allTextContents();
  assert.ok(!findings.some((f) => f.includes('does not exist')), findings.join('\n'));
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('the keyboard can always leave the SIPOC board, and "?" lists the board\'s own keys', async ({ page, errors }) => {
  // A new SIPOC, by keyboard alone.
  await page.click(tid('library'));
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'new-swimlane');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('sipoc'));
  await page.waitForFunction(() => document.activeElement?.id === 'sipoc-draft-0');
  await page.keyboard.type('ERP 系统');
  await page.keyboard.press('Enter');
  await waitStored(page, (d) => d.nodes?.length === 1);
  // Tab through the five columns, then out of the board.
  for (const col of [1, 2, 3, 4]) {
    await page.keyboard.press('Tab');
    await page.waitForFunction((col) => document.activeElement?.id === `sipoc-draft-${col}`, col);
  }
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => !String(document.activeElement?.id || '').startsWith('sipoc-'));
  assert.equal(await focused(page), 'doc-title-input', 'the next field of the page has the keyboard');
  // Shift+Tab comes back into the board, Escape leaves it again.
  await page.keyboard.press('Shift+Tab');
  await page.waitForFunction(() => document.activeElement?.id === 'sipoc-draft-4');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement === document.body);
  // With the keyboard out of the items, "?" shows the board's keys.
  await page.keyboard.press('?');
  await page.waitForSelector(`${tid('shortcuts-dialog')} >> text=Keys on the SIPOC board`);
  await shot(page, 'sipoc-shortcuts');
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('shortcuts-dialog'), { state: 'detached' });
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('findings are grouped by rule with counts; a large group opens on request and still reveals its shapes', async ({ page, errors }) => {
  // A chain of 30 unlabelled tasks after a decision with a single way out.
  const nodes = [{ id: 's', type: 'start', lane: 'l1', x: 40, y: 40 },
    { id: 'd', type: 'decision', label: 'OK?', lane: 'l1', x: 160, y: 40 }];
  const edges = [{ id: 'e-s', from: 's', to: 'd' }, { id: 'e-d', from: 'd', to: 't0', label: 'yes' }];
  for (let i = 0; i < 30; i++) {
    nodes.push({ id: `t${i}`, type: 'task', lane: 'l1', x: 300 + 160 * i, y: 40 });
    edges.push({ id: `e${i}`, from: `t${i}`, to: i < 29 ? `t${i + 1}` : 'end' });
  }
  nodes.push({ id: 'end', type: 'end', lane: 'l1', x: 300 + 160 * 30, y: 40 });
  const doc = { format: 'procmod', version: 1, kind: 'swimlane', title: 'Grouped findings', lanes: [{ id: 'l1', name: 'Team' }], nodes, edges };
  await page.locator(tid('import-file')).setInputFiles({ name: 'grouped.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  const group = (rule) => page.locator(`${tid('finding-group')}[data-rule="${rule}"]`);
  await group('label-required').waitFor();
  // One heading for the 30 unlabelled tasks, closed; the single decision finding shows as it is.
  assert.equal(await group('label-required').getAttribute('data-count'), '30');
  assert.equal(await page.locator(`${tid('finding')}[data-rule="label-required"]`).count(), 0);
  assert.equal(await group('decision-needs-two-ways').getAttribute('data-count'), '1');
  assert.equal(await page.locator(`${tid('finding')}[data-rule="decision-needs-two-ways"]`).count(), 1);
  assert.match(await group('label-required').locator('.group-head').textContent(), /Shapes without a label\s*30/);
  await page.locator(tid('findings')).scrollIntoViewIfNeeded();
  await shot(page, 'findings-grouped');

  // Opened, it lists every finding of the rule; one of them selects and reveals its task.
  await group('label-required').locator('.group-head').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"][data-rule="label-required"]').length === 30);
  assert.equal(await group('label-required').locator('.group-head').getAttribute('aria-expanded'), 'true');
  await page.locator(`${tid('finding')}[data-rule="label-required"]`).nth(29).click();
  await page.waitForSelector(`${tid('node-t29')}.selected`);
  await page.locator(tid('findings')).scrollIntoViewIfNeeded();
  await shot(page, 'findings-group-open');
  // An edit keeps the group open; fixing the decision removes its group.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"][data-rule="label-required"]').length === 30);
  // Closed again, and in Chinese the heading follows the language.
  await group('label-required').locator('.group-head').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="finding"][data-rule="label-required"]'));
  await page.click(tid('lang'));
  await page.waitForFunction(() => document.querySelector('[data-testid="finding-group"][data-rule="label-required"] .name')?.textContent === '没有名称的图形');
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('Shift+Enter breaks a label typed in place; Enter commits it', async ({ page, errors }) => {
  await newSwimlane(page);
  await page.click(tid('palette-task'));
  let doc = await waitStored(page, (d) => d.nodes?.length === 1);
  const id = doc.nodes[0].id;
  await page.dblclick(`${tid(`node-${id}`)} .outline`);
  const box = page.locator(tid('inline-edit'));
  await box.waitFor();
  await page.keyboard.type('审批采购申请');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('Approve request');
  // Still typing: the line break did not commit.
  assert.equal(await box.count(), 1);
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('inline-edit'), { state: 'detached' });
  doc = await waitStored(page, (d) => d.nodes?.[0]?.label === '审批采购申请\nApprove request');
  // Drawn on two lines, one per typed line.
  const lines = await page.locator(`${tid(`node-${id}`)} .label tspan`).allTextContents();
  assert.deepEqual(lines, ['审批采购申请', 'Approve request']);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});

scenario('several shapes are aligned and spaced evenly from the inspector, each in one undo step', async ({ page, errors }) => {
  const doc = { format: 'procmod', version: 1, kind: 'swimlane', title: 'Align 对齐', lanes: [{ id: 'l1', name: 'Team', size: 300 }],
    nodes: [{ id: 'a', type: 'task', label: 'A', lane: 'l1', x: 100, y: 40 }, { id: 'b', type: 'task', label: 'B', lane: 'l1', x: 260, y: 150 },
      { id: 'c', type: 'task', label: 'C', lane: 'l1', x: 600, y: 90 }], edges: [] };
  await page.locator(tid('import-file')).setInputFiles({ name: 'align.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForSelector(`${tid('doc-title')}:has-text("Align")`);
  await waitStored(page, (d) => d.title === 'Align 对齐');
  await page.click(`${tid('node-a')} .outline`);
  await page.keyboard.press('Control+a');
  await page.click(tid('align-top'));
  await waitStored(page, (d) => d.nodes.every((n) => n.y === 40));
  await page.click(tid('distribute-h'));
  const spaced = await waitStored(page, (d) => d.nodes.find((n) => n.id === 'b').x === 350);
  assert.deepEqual(spaced.nodes.map((n) => [n.x, n.y]), [[100, 40], [350, 40], [600, 40]]);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  const back = await waitStored(page, (d) => d.nodes.find((n) => n.id === 'b').y === 150);
  assert.deepEqual(back.nodes.map((n) => [n.x, n.y]), [[100, 40], [260, 150], [600, 90]]);
  assert.deepEqual(errors.filter((e) => !e.includes('favicon')), []);
});
