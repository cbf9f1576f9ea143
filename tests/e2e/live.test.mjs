// A workshop in one room: the facilitator shares the purchasing process live, a colleague opens
// the link in another browser; each edits, both end with the same document; one drops off the
// network, both edit, it comes back and both converge; undo takes back only one's own edit;
// each sees the other's pointer. Through `procmod sync` and through the reference Node server
// (@y/websocket-server). A plain Yjs client (yjs + y-websocket from npm) reads the room in the
// documented schema and its edit shows in the app.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import { serve, launch, shot, openApp, root } from './harness.mjs';
import { tid, waitStored } from './helpers.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Starts `procmod sync` on a free port; resolves to { url, stop }. */
function procmodSync() {
  const exe = ['release', 'debug'].map((p) => path.join(root, 'target', p, 'procmod')).find((f) => fs.existsSync(f));
  if (!exe) throw new Error('no procmod binary: `cargo build --bin procmod` first (scripts/test does)');
  const child = spawn(exe, ['sync', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = readline.createInterface({ input: child.stderr });
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      const port = /ws:\/\/127\.0\.0\.1:(\d+)/.exec(line)?.[1];
      if (!port) reject(new Error(`procmod sync said: ${line}`));
      resolve({ url: `ws://127.0.0.1:${port}`, stop: () => child.kill() });
    });
    child.once('error', reject);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts the reference server from npm; resolves to { url, stop }. */
async function referenceServer() {
  const port = await freePort();
  const script = path.join(root, 'tests', 'e2e', 'node_modules', '@y', 'websocket-server', 'src', 'server.js');
  const child = spawn(process.execPath, [script], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
  return { url: `ws://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** A participant's browser: its own context (storage), the name it goes by. */
async function participant(name, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await context.addInitScript((n) => localStorage.setItem('procmod.live.name', n), name);
  return openApp(browser, url, { context });
}

/** The open document as stored in the library, without what differs by participant. */
async function docOf(page) {
  return waitStored(page, () => true);
}

async function waitConnected(page) {
  await page.waitForSelector(`${tid('live-status')}[data-state=connected]`, { timeout: 30000 });
}

/** Waits until both have stored the same document, satisfying `check`; returns it. */
async function converged(a, b, check = () => true) {
  const same = (d, want) => JSON.stringify(d) === want;
  for (let i = 0; i < 100; i++) {
    const [da, db] = [await docOf(a), await docOf(b)];
    if (JSON.stringify(da) === JSON.stringify(db) && check(da)) return da;
    await Promise.race([
      waitStored(a, same, JSON.stringify(db), { timeout: 2000 }).catch(() => null),
      waitStored(b, same, JSON.stringify(da), { timeout: 2000 }).catch(() => null),
    ]);
  }
  throw new Error('the two participants never had the same document');
}

/** Shares the purchasing template from `a` on `room`; returns the link. */
async function share(a, serverUrl, shots = false) {
  await a.locator(`${tid('canvas')} ${tid('template-purchasing')}`).click();
  await waitStored(a, (d) => d.title === 'Non-stock material purchasing' && d.nodes?.length > 0);
  await a.click(tid('share-live'));
  await a.fill(tid('live-server'), serverUrl);
  await a.click(tid('live-start'));
  await a.locator(`${tid('live-qr')} svg`).waitFor();
  const link = await a.locator(tid('live-link')).inputValue();
  await waitConnected(a);
  if (shots) await shot(a, 'live-share-dialog');
  await a.click(tid('live-close'));
  return link;
}

async function rename(page, id, text) {
  await page.dblclick(`${tid(`node-${id}`)} .outline`);
  await page.locator(tid('inline-edit')).fill(text);
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('inline-edit'), { state: 'detached' });
}

async function setWork(page, id, value) {
  await page.click(`${tid(`node-${id}`)} .outline`);
  await page.fill(tid('insp-work'), String(value));
  await page.locator(tid('insp-work')).press('Tab');
}

async function workshop(serverUrl, shots) {
  const A = await participant('Ana Lima', server.url);
  const B = await participant('Bo Chen', server.url);
  const [a, b] = [A.page, B.page];
  try {
    const link = await share(a, serverUrl, shots);
    assert.match(link, /#live=ws%3A%2F%2F127\.0\.0\.1%3A\d+&room=[a-z2-7]{26}$/);
    await b.goto(link);
    await waitConnected(b);
    const start = await converged(a, b, (d) => d.nodes?.length > 0);
    assert.equal(start.title, 'Non-stock material purchasing');
    const tasks = start.nodes.filter((n) => n.type === 'task').map((n) => n.id);

    // Each changes a different field of one step, and another step.
    await rename(a, tasks[0], 'Check the quote');
    await setWork(b, tasks[1], 42);
    await converged(a, b, (d) => d.nodes.find((n) => n.id === tasks[0]).label === 'Check the quote'
      && d.nodes.find((n) => n.id === tasks[1]).work === 42);

    // Each sees the other: A points at a step; B sees A's pointer and selection.
    const box = await a.locator(`${tid(`node-${tasks[2]}`)} .outline`).boundingBox();
    await a.click(`${tid(`node-${tasks[2]}`)} .outline`);
    await a.mouse.move(box.x + box.width / 2, box.y + box.height + 30);
    await b.waitForSelector(`${tid('peer-pointer')}[data-name="Ana Lima"]`);
    await b.waitForSelector(tid('peer-selection'));
    const bb = await b.locator(`${tid('node-' + tasks[0])} .outline`).boundingBox();
    await b.mouse.move(bb.x + 20, bb.y + 20);
    await a.waitForSelector(`${tid('peer-pointer')}[data-name="Bo Chen"]`);
    assert.equal(await a.locator(tid('peer')).count(), 1);
    // B goes by another name from now on; A's screen follows.
    await b.click(tid('live-status') + ' button');
    await b.fill(tid('live-name'), 'Bo Chen (Finance)');
    await b.locator(tid('live-name')).press('Enter');
    await b.click(tid('live-close'));
    await b.mouse.move(bb.x + 30, bb.y + 25);
    await a.waitForSelector(`${tid('peer-pointer')}[data-name="Bo Chen (Finance)"]`);
    if (shots) {
      await shot(a, 'live-facilitator');
      await shot(b, 'live-participant');
    }

    // B drops off the network; both edit; B comes back; both converge.
    await B.ctx.setOffline(true);
    await b.waitForSelector(`${tid('live-status')}:not([data-state=connected])`);
    await rename(a, tasks[2], 'Approve the order (A)');
    await setWork(b, tasks[3], 5.5);
    await rename(b, tasks[1], 'Offline label (B)');
    await B.ctx.setOffline(false);
    await waitConnected(b);
    const merged = await converged(a, b, (d) => d.nodes.find((n) => n.id === tasks[2]).label === 'Approve the order (A)'
      && d.nodes.find((n) => n.id === tasks[1]).label === 'Offline label (B)'
      && d.nodes.find((n) => n.id === tasks[3]).work === 5.5);
    assert.equal(merged.nodes.length, start.nodes.length);

    // Undo in A takes back A's last edit only.
    await a.click(tid('canvas'), { position: { x: 5, y: 5 } });
    await a.click(tid('undo'));
    const undone = await converged(a, b, (d) => d.nodes.find((n) => n.id === tasks[2]).label !== 'Approve the order (A)');
    assert.equal(undone.nodes.find((n) => n.id === tasks[1]).label, 'Offline label (B)');
    assert.equal(undone.nodes.find((n) => n.id === tasks[1]).work, 42);

    // A stops sharing: the document stays, edited alone; the other's pointer is gone.
    await a.click(tid('live-status') + ' button');
    await a.click(tid('live-leave'));
    await a.waitForSelector(tid('live-status'), { state: 'detached' });
    await a.locator(tid('share-live')).waitFor();
    assert.equal(await a.locator(tid('peer-pointer')).count(), 0);
    assert.equal((await docOf(a)).nodes.length, start.nodes.length);
    if (shots) await shot(a, 'live-stopped');
    assert.deepEqual([...A.errors, ...B.errors], []);
  } catch (e) {
    await shot(a, 'failed-live-a').catch(() => {});
    await shot(b, 'failed-live-b').catch(() => {});
    e.message += `\npage errors:\n${[...A.errors, ...B.errors].join('\n')}`;
    throw e;
  } finally {
    await A.ctx.close();
    await B.ctx.close();
  }
}

test('two participants through procmod sync: edits, pointers, offline and back, undo of one\'s own', async () => {
  const room = await procmodSync();
  try { await workshop(room.url, true); } finally { room.stop(); }
});

test('two participants through the reference y-websocket server', async () => {
  const room = await referenceServer();
  try { await workshop(room.url, false); } finally { room.stop(); }
});

test('a plain Yjs client reads the room in the documented schema, and its edit shows in the app', async () => {
  const room = await procmodSync();
  const A = await participant('Ana Lima', server.url);
  const a = A.page;
  const Y = await import('yjs');
  const { WebsocketProvider } = await import('y-websocket');
  const { default: WebSocket } = await import('ws');
  let provider, ydoc;
  try {
    const link = await share(a, room.url);
    const name = /room=([a-z2-7]+)/.exec(link)[1];
    ydoc = new Y.Doc();
    provider = new WebsocketProvider(room.url, name, ydoc, { WebSocketPolyfill: WebSocket });
    await new Promise((resolve) => provider.once('sync', resolve));
    const doc = ydoc.getMap('doc');
    const nodes = ydoc.getMap('nodes');
    assert.equal(doc.get('format'), 'procmod');
    assert.equal(doc.get('kind'), 'swimlane');
    const stored = await docOf(a);
    assert.equal(nodes.size, stored.nodes.length);
    const first = stored.nodes.find((n) => n.type === 'task');
    const entry = nodes.get(first.id);
    assert.equal(entry.get('id'), first.id);
    assert.equal(entry.get('label'), first.label);
    assert.equal(typeof entry.get('order'), 'number');
    // The Yjs client renames the step; the app shows it.
    entry.set('label', 'Renamed from Yjs');
    await waitStored(a, (d, id) => d.nodes.find((n) => n.id === id).label === 'Renamed from Yjs', first.id);
    const drawn = await a.locator(tid(`node-${first.id}`)).textContent();
    assert.match(drawn.replace(/\s+/g, ' '), /Renamed from ?Yjs/);
    assert.deepEqual(A.errors, []);
  } finally {
    // The document's awareness keeps a timer until the document itself is destroyed.
    provider?.destroy();
    ydoc?.destroy();
    await A.ctx.close();
    room.stop();
  }
});

test('a link opened while the module holding the live replica cannot be loaded says so and keeps the open document; reloaded, it joins', async () => {
  const room = await procmodSync();
  const A = await participant('Ana Lima', server.url);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  let blocked = true;
  await context.route('**/procmod-exchange*', (route) => (blocked ? route.abort() : route.continue()));
  const B = await openApp(browser, server.url, { context });
  const [a, b] = [A.page, B.page];
  try {
    const mine = await docOf(b);
    const link = await share(a, room.url);
    // The app is there without the module; the link cannot be followed and the user is told why.
    await b.goto(link);
    await b.waitForSelector('[data-testid=canvas]');
    const notice = b.locator(tid('notice')).filter({ hasText: 'live sharing could not be loaded' });
    await notice.waitFor();
    assert.match(await notice.textContent(), /procmod-exchange\.js/);
    assert.equal(await b.locator(tid('live-status')).count(), 0);
    assert.deepEqual((await docOf(b)).nodes, mine.nodes, 'the document open before is untouched');
    await shot(b, 'live-module-unreachable');
    // Back on the network: the link, reloaded, joins the room.
    blocked = false;
    await b.reload();
    await waitConnected(b);
    await converged(a, b, (d) => d.title === 'Non-stock material purchasing');
  } catch (e) {
    await shot(b, 'failed-live-unreachable').catch(() => {});
    e.message += `\npage errors:\n${[...A.errors, ...B.errors].join('\n')}`;
    throw e;
  } finally {
    await A.ctx.close();
    await context.close();
    room.stop();
  }
});

test('Share live with the module holding the replica out of reach says so; the next Start shares', async () => {
  const room = await procmodSync();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  let blocked = true;
  await context.route('**/procmod-exchange*', (route) => (blocked ? route.abort() : route.continue()));
  const A = await openApp(browser, server.url, { context });
  const a = A.page;
  try {
    await a.locator(`${tid('canvas')} ${tid('template-purchasing')}`).waitFor();
    await a.click(tid('share-live'));
    await a.fill(tid('live-server'), room.url);
    await a.click(tid('live-start'));
    await a.locator(tid('notice')).filter({ hasText: 'live sharing could not be loaded' }).waitFor();
    assert.equal(await a.locator(tid('live-status')).count(), 0, 'nothing is shared');
    assert.equal(await a.locator(tid('live-start')).count(), 1, 'the form stays for another try');
    blocked = false;
    await a.click(tid('live-start'));
    await a.locator(`${tid('live-qr')} svg`).waitFor();
    await waitConnected(a);
    assert.equal(await a.locator(tid('notice')).filter({ hasText: 'could not be loaded' }).count(), 0, 'the failure is no longer said');
    await shot(a, 'live-share-after-retry');
  } finally {
    await context.close();
    room.stop();
  }
});
