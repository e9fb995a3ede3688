// The console in headless Firefox (WebDriver BiDi through puppeteer-core; no geckodriver), against a
// running `serve` with completed runs. Run by runner-app's ConsoleFirefoxIT; by hand:
//
//   CONSOLE_URL=http://127.0.0.1:8080 CONSOLE_TOKEN=… CONSOLE_RUN_ID=… CONSOLE_POINTS=30 \
//     node console/src/test/firefox/smoke.mjs
//
// Environment (the token is not taken from argv, so it never shows in a process list):
//   CONSOLE_URL          the service's base URL (the console is at <base>/ui/)          required
//   CONSOLE_TOKEN        the API token                                                 required
//   CONSOLE_RUN_ID       a COMPLETE run with the epidemic output                        required
//   CONSOLE_POINTS       the timestamps of that output (every chart's data-points)      required
//   CONSOLE_CHARTS       the number of charts expected (default: at least one)
//   CONSOLE_HOSTILE_RUN_ID  a COMPLETE run whose data.json holds <script> markup (optional)
//   CONSOLE_HOSTILE_TEXT    a string of that markup the JSON view must show literally (optional)
//   CONSOLE_SCREENSHOTS  the folder of firefox-*.png (default: target/console-screenshots)
//   CONSOLE_FIREFOX      Firefox's executable (default: /usr/bin/firefox-esr)
//   CONSOLE_WAIT_SECONDS the limit of every wait (default: 60)
//
// Exits 0 when every check passed; otherwise prints what failed, with the page's errors, and exits 1.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const env = process.env;

function required(name) {
  const value = env[name];
  if (!value) {
    throw new SmokeFailure(`${name} is not set (see the head of smoke.mjs)`);
  }
  return value;
}

class SmokeFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new SmokeFailure(message);
  }
}

/** Records what the page logs as an error, and its requests. */
class PageWatch {
  constructor(page) {
    this.errors = [];
    this.requests = [];
    this.expectViolation = false;
    this.violations = [];
    this.violationSeen = new Promise((ok) => {
      this.onViolation = ok;
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') {
        return;
      }
      this.error(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.error(`page error: ${error.message ?? error}`));
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('requestfailed', (request) =>
      this.errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) {
        this.errors.push(`HTTP ${response.status()} for ${response.url()}`);
      }
    });
  }

  // While the watch's own check runs, Content-Security-Policy reports are expected: both ours
  // (reportViolations) and Firefox's own, which arrives as a page error.
  error(text) {
    if (this.expectViolation && /CSP violation|Content-Security-Policy/.test(text)) {
      this.violations.push(text);
      if (text.includes('CSP violation')) {
        this.onViolation();
      }
    } else {
      this.errors.push(text);
    }
  }

  dataRequests(base) {
    return this.requests.filter((url) => {
      const u = new URL(url);
      return u.origin === base.origin && !u.pathname.startsWith('/ui/');
    });
  }
}

// Runs before the page's own scripts (a preload script, which the page's CSP does not govern):
// every Content-Security-Policy refusal becomes a console error, so it is caught like any other.
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
  });
}

async function main() {
  const base = new URL(required('CONSOLE_URL'));
  const token = required('CONSOLE_TOKEN');
  const runId = required('CONSOLE_RUN_ID');
  const points = required('CONSOLE_POINTS');
  const charts = env.CONSOLE_CHARTS ? Number(env.CONSOLE_CHARTS) : null;
  const hostileRunId = env.CONSOLE_HOSTILE_RUN_ID || null;
  const hostileText = env.CONSOLE_HOSTILE_TEXT || null;
  const screenshots = resolve(env.CONSOLE_SCREENSHOTS || 'target/console-screenshots');
  const wait = 1000 * Number(env.CONSOLE_WAIT_SECONDS || 60);
  await mkdir(screenshots, { recursive: true });

  const started = Date.now();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: env.CONSOLE_FIREFOX || '/usr/bin/firefox-esr',
    headless: true,
    timeout: wait,
    protocolTimeout: 2 * wait,
  });
  let page;
  let watch;
  const step = (name) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${name}`);
  try {
    step(`launched ${await browser.version()}`);
    page = await browser.newPage();
    page.setDefaultTimeout(wait);
    page.setDefaultNavigationTimeout(wait);
    await page.setViewport({ width: 1280, height: 900 });
    watch = new PageWatch(page);
    await page.evaluateOnNewDocument(reportViolations);

    // Without a token: the login, and no data requested.
    await page.goto(new URL('/ui/', base).href, { waitUntil: 'load' });
    await page.waitForSelector('main#view[data-view="login"][data-ready="true"]');
    await page.waitForSelector('form#login-form input#login-token');
    check(
      (await page.$eval('input#login-token', (e) => e.type)) === 'password',
      'the token field is not a password field',
    );
    check(
      (await page.$$('table#runs-table, section#run')).length === 0,
      'the login shows run data',
    );
    const before = watch.dataRequests(base);
    check(before.length === 0, `without a token the page requested data: ${before.join(', ')}`);
    await page.screenshot({ path: join(screenshots, 'firefox-login.png') });
    step('login shown, no data requested');

    // Log in; the run shows COMPLETE in the list.
    await page.type('input#login-token', token);
    await page.click('button#login-submit');
    const row = `table#runs-table tbody tr[data-run-id="${runId}"]`;
    await page.waitForFunction(
      (selector) =>
        document.querySelector(`${selector} td[data-field=state]`)?.textContent.trim() ===
        'COMPLETE',
      { timeout: wait, polling: 100 },
      row,
    );
    await page.waitForSelector('main#view[data-view="runs"][data-ready="true"]');
    check(
      watch.requests.every((url) => !url.includes(token)),
      'the token appeared in a requested URL',
    );
    await page.screenshot({ path: join(screenshots, 'firefox-runs.png') });
    step(`runs table shows ${runId} COMPLETE`);

    // The run's page: the epidemic charts, a point per timestamp, a canvas each.
    await page.click(`${row} a[data-run-link]`);
    await page.waitForSelector(`section#run[data-run-id="${runId}"]`);
    await page.waitForSelector('main#view[data-view="run"][data-ready="true"]');
    await page.waitForFunction(
      (expected) => {
        const divs = document.querySelectorAll('section#run-output[data-kind="epidemic"] div.chart');
        return (
          divs.length >= (expected ?? 1) &&
          Array.from(divs).every((d) => d.querySelector('canvas') && d.dataset.points)
        );
      },
      { timeout: wait, polling: 100 },
      charts,
    );
    const drawn = await page.$$eval('section#run-output div.chart', (divs) =>
      divs.map((d) => ({
        group: d.dataset.group,
        points: d.dataset.points,
        series: d.dataset.series,
        canvases: d.querySelectorAll('canvas').length,
      })),
    );
    check(drawn.length > 0, 'the run page shows no chart');
    if (charts !== null) {
      check(drawn.length === charts, `${drawn.length} charts, expected ${charts}: ${JSON.stringify(drawn)}`);
    }
    for (const chart of drawn) {
      check(
        chart.points === points,
        `chart ${chart.group} has data-points=${chart.points}, expected ${points}`,
      );
      check(chart.canvases > 0, `chart ${chart.group} has no canvas`);
    }
    await page.screenshot({ path: join(screenshots, 'firefox-run-output.png'), fullPage: true });
    step(`run page: ${drawn.map((c) => `${c.group} ${c.points}×${c.series}`).join(', ')}`);

    // The log scale toggle redraws every chart's canvas.
    const linear = await page.$$eval('section#run-output div.chart canvas', (canvases) =>
      canvases.map((c) => c.toDataURL()),
    );
    await page.click('input#output-log-scale');
    await page.waitForFunction(
      (before) => {
        const now = Array.from(document.querySelectorAll('section#run-output div.chart canvas'));
        return now.length === before.length && now.every((c, i) => c.toDataURL() !== before[i]);
      },
      { timeout: wait, polling: 100 },
      linear,
    );
    check(
      await page.$eval('input#output-log-scale', (box) => box.checked),
      'the log scale box is not checked after a click',
    );
    step('log scale redraws every chart');

    // Untrusted output: shown as text, never run.
    if (hostileRunId) {
      await page.goto(new URL(`/ui/#/runs/${hostileRunId}`, base).href, { waitUntil: 'load' });
      await page.waitForSelector(`section#run[data-run-id="${hostileRunId}"]`);
      await page.waitForSelector('section#run-output[data-kind="json"] pre#output-json');
      const shown = await page.$eval('pre#output-json', (pre) => ({
        text: pre.textContent,
        elements: pre.querySelectorAll('*').length,
      }));
      check(shown.text.includes('<script>'), `pre#output-json does not show <script> as text: ${shown.text}`);
      if (hostileText) {
        check(shown.text.includes(hostileText), `pre#output-json does not show ${hostileText}: ${shown.text}`);
      }
      check(shown.elements === 0, `pre#output-json holds ${shown.elements} elements`);
      check(
        (await page.evaluate(() => typeof window.__xss)) === 'undefined',
        'the output\'s markup ran: window.__xss is set',
      );
      step('untrusted output shown as text');
    }

    check(watch.errors.length === 0, `the page logged errors:\n  ${watch.errors.join('\n  ')}`);
    step('no script error, no CSP refusal, no failed request');

    // The watch itself (last: Firefox's own report of it may come late): an inline script is
    // refused by the Content-Security-Policy, and that refusal is reported.
    watch.expectViolation = true;
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    let timer;
    await Promise.race([
      watch.violationSeen,
      new Promise((ok) => {
        timer = setTimeout(ok, wait);
      }),
    ]);
    clearTimeout(timer);
    check(watch.violations.length > 0, 'a CSP refusal was not reported: the error watch is blind');
    check(
      (await page.evaluate(() => typeof window.__inline)) === 'undefined',
      'an inline script ran: the page has no strict Content-Security-Policy',
    );
    step(`error watch works: ${watch.violations.join(' | ')}`);
    check(watch.errors.length === 0, `the page logged errors:\n  ${watch.errors.join('\n  ')}`);
    check(
      (await page.evaluate(() => typeof window.__xss)) === 'undefined',
      'the output\'s markup ran late (an image\'s onerror?): window.__xss is set',
    );
    step('done');
  } catch (error) {
    if (page) {
      await page
        .screenshot({ path: join(screenshots, 'firefox-failed.png'), fullPage: true })
        .catch(() => {});
    }
    if (watch && watch.errors.length > 0 && !(error.message ?? '').includes('the page logged errors')) {
      error.message += `\nthe page logged errors:\n  ${watch.errors.join('\n  ')}`;
    }
    throw error;
  } finally {
    await browser.close();
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(`FAILED: ${error instanceof SmokeFailure ? error.message : error.stack ?? error}`);
  process.exit(1);
}
