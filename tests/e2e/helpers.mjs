// Helpers the browser tests share: finding elements, reading what the app stored, dragging as a
// hand would, and running a scenario on a fresh page with a screenshot when it fails.
import { test } from 'node:test';
import { openApp, shot } from './harness.mjs';

export const tid = (id) => `[data-testid="${id}"]`;

/** The open document as stored in localStorage. */
export async function stored(page) {
  return page.evaluate(() => {
    const id = localStorage.getItem('procmod.current');
    return JSON.parse(localStorage.getItem(`procmod.doc.${id}`));
  });
}

/** Waits until the stored document satisfies `check(doc, arg)` (run in the page). */
export async function waitStored(page, check, arg = null) {
  await page.waitForFunction(([src, arg]) => {
    const id = localStorage.getItem('procmod.current');
    const doc = JSON.parse(localStorage.getItem(`procmod.doc.${id}`) || 'null');
    return doc && new Function('doc', 'arg', `return (${src})(doc, arg)`)(doc, arg);
  }, [check.toString(), arg]);
  return stored(page);
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

export async function metric(page, name) {
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
      throw e;
    } finally {
      await opened.ctx.close();
    }
  });
}

