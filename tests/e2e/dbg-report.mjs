import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
await page.goto('file:///tmp/report-zh.html');
await page.screenshot({ path: '/tmp/report-zh.png', fullPage: true });
await page.pdf({ path: '/tmp/report-zh.pdf', format: 'A4' });
await browser.close();
