// Keel's web console in a real browser: Debian's chromium driven by playwright-core (never a downloaded browser).
// Starts nothing itself: run.sh (CTest `browser`) gives it a running keel-api and its accounts through the
// environment:
//   KEEL_BROWSER_BASE_URL            http://127.0.0.1:PORT
//   KEEL_BROWSER_CLIENT_EMAIL/_PASSWORD, KEEL_BROWSER_ADMIN_EMAIL/_PASSWORD
//   KEEL_BROWSER_HOSTILE_SERVER_ID   a client's server (migrated, link vm_missing) named <img src=x onerror=alert(1)>
//   KEEL_BROWSER_DATACENTER          a datacenter of the catalogue (fra1)
//   KEEL_BROWSER_ARTIFACTS           where screenshots go (build/browser-artifacts)
//   KEEL_CHROMIUM                    the browser (/usr/bin/chromium)
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';

import {chromium} from 'playwright-core';

const env = (name, fallback) => {
    const value = process.env[name] ?? fallback;
    if (value === undefined) {
        throw new Error(`${name} is not set (run the suite through tests/browser/run.sh)`);
    }
    return value;
};
const BASE = env('KEEL_BROWSER_BASE_URL');
const CLIENT = {email: env('KEEL_BROWSER_CLIENT_EMAIL'), password: env('KEEL_BROWSER_CLIENT_PASSWORD')};
const ADMIN = {email: env('KEEL_BROWSER_ADMIN_EMAIL'), password: env('KEEL_BROWSER_ADMIN_PASSWORD')};
const HOSTILE_ID = env('KEEL_BROWSER_HOSTILE_SERVER_ID');
const HOSTILE = '<img src=x onerror=alert(1)>';
const DATACENTER = env('KEEL_BROWSER_DATACENTER', 'fra1');
const ARTIFACTS = env('KEEL_BROWSER_ARTIFACTS', 'build/browser-artifacts');
const CHROMIUM = env('KEEL_CHROMIUM', '/usr/bin/chromium');
const WIDTHS = [375, 1440];

let browser;
const dialogs = [];
const cspViolations = [];
const pageErrors = [];
const clientCtx = {};
const adminCtx = {};
let serverId;
let hostname;

async function openContext(holder) {
    holder.context = await browser.newContext({viewport: {width: 1440, height: 900}});
    holder.page = await holder.context.newPage();
    holder.page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
    });
    holder.page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
            cspViolations.push(message.text());
        }
    });
    holder.page.on('pageerror', (error) => pageErrors.push(String(error)));
}

async function shoot(page, name) {
    const original = page.viewportSize();
    for (const width of WIDTHS) {
        await page.setViewportSize({width, height: width < 600 ? 812 : 900});
        await page.waitForTimeout(50);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(overflow <= width, `${name} is ${overflow} px wide in a ${width} px window`);
        await page.screenshot({path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true});
    }
    await page.setViewportSize(original);
}

const byId = (page, id) => page.getByTestId(id);

async function login(page, who) {
    await page.goto(`${BASE}/#/login`);
    await byId(page, 'login-email').fill(who.email);
    await byId(page, 'login-password').fill(who.password);
    await byId(page, 'login-submit').click();
    await byId(page, 'logout').waitFor({state: 'visible'});
}

// A bearer token of the client's own, to wait for an operation through the API (the console shows its id).
async function bearer(who) {
    const response = await fetch(`${BASE}/login`, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                   body: JSON.stringify(who)});
    assert.equal(response.status, 200, 'POST /login');
    return (await response.json()).access_token;
}

async function waitOperation(token, id) {
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
        const response = await fetch(`${BASE}/operations/${id}`, {headers: {Authorization: `Bearer ${token}`}});
        const op = await response.json();
        if (op.state === 'succeeded' || op.state === 'dead') {
            return op;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`operation ${id} did not finish`);
}

async function markPage(page) {
    await page.evaluate(() => {
        window.__keelNoReload = true;
    });
}
async function assertNotReloaded(page) {
    assert.equal(await page.evaluate(() => window.__keelNoReload === true), true, 'the page was reloaded');
}

describe('web console', {timeout: 90000}, () => {
    before(async () => {
        mkdirSync(ARTIFACTS, {recursive: true});
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            // playwright-core gives each launch a fresh --user-data-dir of its own
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                   '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        });
        await openContext(clientCtx);
        await openContext(adminCtx);
    });
    after(async () => {
        await browser?.close();
    });

    it('serves the console with a strict Content-Security-Policy', async () => {
        const response = await fetch(`${BASE}/`);
        assert.equal(response.status, 200);
        const csp = response.headers.get('content-security-policy') || '';
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    });

    it('refuses a wrong password, then logs the client in', async () => {
        const page = clientCtx.page;
        await page.goto(`${BASE}/`);
        await byId(page, 'login-form').waitFor();
        await shoot(page, 'login');
        await byId(page, 'login-email').fill(CLIENT.email);
        await byId(page, 'login-password').fill('not-the-password');
        await byId(page, 'login-submit').click();
        await assert.doesNotReject(byId(page, 'login-error').getByText('Wrong email or password').waitFor());
        // by keyboard alone: email, Tab, password, Enter
        await byId(page, 'login-email').focus();
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'login-password');
        await page.keyboard.press('Control+A');
        await page.keyboard.type(CLIENT.password);
        await page.keyboard.press('Enter');
        await byId(page, 'servers-page').waitFor();
        assert.match(await byId(page, 'who-email').textContent(), new RegExp(CLIENT.email.replace('.', '\\.')));
    });

    it('renders a hostile hostname as text, in the list and on its page', async () => {
        const page = clientCtx.page;
        const row = page.locator(`[data-testid="server-row"][data-server-id="${HOSTILE_ID}"]`);
        await row.waitFor();
        assert.equal(await row.getByTestId('server-link').textContent(), HOSTILE);
        await shoot(page, 'servers');
        await row.getByTestId('server-link').click();
        await byId(page, 'server-hostname').getByText(HOSTILE, {exact: true}).waitFor();
        await byId(page, 'server-status').getByText('active').waitFor();
        assert.equal(await page.locator('img').count(), 0, 'an <img> element was made from data');
        assert.deepEqual(dialogs, [], 'a dialog fired');
    });

    it('shows the 422 errors beside their fields', async () => {
        const page = clientCtx.page;
        await page.goto(`${BASE}/#/servers/new`);
        await byId(page, 'create-datacenter').locator(`option[value="${DATACENTER}"]`).waitFor({state: 'attached'});
        await byId(page, 'create-hostname').fill(HOSTILE);
        await byId(page, 'create-ram_mb').fill('100');
        await byId(page, 'create-submit').click();
        const hostError = byId(page, 'field-hostname').getByTestId('error-hostname');
        await hostError.getByText(/RFC 1123/).waitFor();
        assert.match(await byId(page, 'field-ram_mb').getByTestId('error-ram_mb').textContent(), /\S/);
        assert.equal(await byId(page, 'error-cpu_cores').textContent(), '');
        assert.equal(await byId(page, 'create-hostname').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('img').count(), 0);
        await shoot(page, 'create-422');
    });

    it('creates a server and sees it go active without reloading', async () => {
        const page = clientCtx.page;
        hostname = `web-${Date.now().toString(36)}.example.com`;
        await byId(page, 'create-hostname').fill(hostname);
        await byId(page, 'create-ram_mb').fill('1024');
        await byId(page, 'create-datacenter').selectOption(DATACENTER);
        await byId(page, 'create-submit').click();
        await page.waitForURL(/#\/servers\/[0-9a-f-]{36}$/);
        serverId = decodeURIComponent(page.url().split('/').pop());
        await markPage(page);
        const seen = await byId(page, 'server-status').textContent();
        assert.notEqual(seen, 'active', 'a new server is not active yet');
        await byId(page, 'live-mode').getByText('live', {exact: true}).waitFor();  // the SSE stream, not polling
        await byId(page, 'server-status').getByText('active', {exact: true}).waitFor({timeout: 20000});
        await byId(page, 'server-power').getByText('running').waitFor();
        await assertNotReloaded(page);
        await page.locator('[data-testid="event-item"]').filter({hasText: 'provisioning → active'}).waitFor();
        assert.equal(await byId(page, 'action-reboot').isEnabled(), true);
        assert.equal(await byId(page, 'action-start').isDisabled(), true);
        assert.match(await byId(page, 'action-start-reason').textContent(), /stopped/);
        assert.equal(await byId(page, 'action-suspend').count(), 0, 'a client is offered suspend');
        await shoot(page, 'server-active');
    });

    it('shows the 409 of a conflicting action as a message', async () => {
        const page = clientCtx.page;
        const message = byId(page, 'action-message');
        await byId(page, 'action-reboot').click();
        await message.getByText(/reboot queued/).waitFor();
        const operation = /operation (\d+)/.exec(await message.textContent())[1];
        await byId(page, 'action-stop').click();  // the reboot is still in flight: the API says 409
        await message.getByText(/Not now: .*in progress/).waitFor();
        assert.match(await message.getAttribute('class'), /message-error/);
        await shoot(page, 'server-409');
        assert.equal((await waitOperation(await bearer(CLIENT), operation)).state, 'succeeded');
        await byId(page, 'server-status').getByText('active').waitFor();
        await assertNotReloaded(page);
    });

    it('sees the operator suspend the server without reloading', async () => {
        const page = adminCtx.page;
        await login(page, ADMIN);
        await page.goto(`${BASE}/#/admin/servers`);
        await page.locator(`[data-testid="server-row"][data-server-id="${serverId}"]`).waitFor();
        await shoot(page, 'admin-servers');
        await page.goto(`${BASE}/#/servers/${serverId}`);
        await byId(page, 'server-status').getByText('active').waitFor();
        await byId(page, 'action-suspend').click();
        await byId(page, 'action-message').getByText(/suspend queued/).waitFor();
        const client = clientCtx.page;
        await byId(client, 'server-status').getByText('suspended', {exact: true}).waitFor({timeout: 15000});
        await assertNotReloaded(client);
        assert.equal(await byId(client, 'action-reboot').isDisabled(), true);
        assert.match(await byId(client, 'action-reboot-reason').textContent(), /suspended/);
        await shoot(client, 'server-suspended');
        await byId(page, 'server-status').getByText('suspended').waitFor();
        assert.equal(await byId(page, 'action-unsuspend').isEnabled(), true);
        await shoot(page, 'admin-server');
    });

    it('lists users and migrated servers with their link state for the operator', async () => {
        const page = adminCtx.page;
        await page.goto(`${BASE}/#/admin/users`);
        await byId(page, 'admin-users-page').waitFor();
        const clientRow = page.locator('[data-testid="user-row"]').filter({hasText: CLIENT.email});
        await clientRow.waitFor();
        assert.match(await clientRow.textContent(), /client/);
        await shoot(page, 'admin-users');
        await clientRow.getByRole('link', {name: `servers of ${CLIENT.email}`}).click();  // the owner filter
        await page.waitForURL(/#\/admin\/servers\?owner=\d+$/);
        await page.locator(`[data-testid="server-row"][data-server-id="${HOSTILE_ID}"]`).waitFor();
        assert.notEqual(await byId(page, 'filter-owner').inputValue(), '');
        const owners = await page.locator('[data-testid="server-row"] td[data-label="Owner"]').allTextContents();
        assert.ok(owners.length > 0 && owners.every((o) => o === owners[0]), `one owner only: ${owners}`);
        await page.goto(`${BASE}/#/admin/migrated`);
        const row = page.locator(`[data-testid="migrated-row"][data-server-id="${HOSTILE_ID}"]`);
        await row.waitFor();
        assert.equal(await row.getByTestId('link-status').textContent(), 'vm_missing');
        assert.match(await row.textContent(), /<img src=x onerror=alert\(1\)>/);
        assert.equal(await page.locator('img').count(), 0);
        await shoot(page, 'admin-migrated');
    });

    it('terminates only after the hostname is typed', async () => {
        const page = clientCtx.page;
        await byId(page, 'reveal-credentials').click();
        await byId(page, 'credentials-message').getByText('No credentials are stored').waitFor();
        await byId(page, 'action-terminate').click();
        const confirm = byId(page, 'terminate-confirm-submit');
        assert.equal(await confirm.isDisabled(), true);
        await byId(page, 'terminate-confirm-input').fill('wrong.example.com');
        assert.equal(await confirm.isDisabled(), true);
        await shoot(page, 'server-terminate-confirm');
        await byId(page, 'terminate-confirm-input').fill(hostname);
        await confirm.click();
        await byId(page, 'server-status').getByText(/terminat(ing|ed)/).waitFor();
        await byId(page, 'server-status').getByText('terminated', {exact: true}).waitFor({timeout: 15000});
    });

    it('keeps a tab working when the same account logs in again in another (a new CSRF token)', async () => {
        const page = clientCtx.page;
        await page.goto(`${BASE}/#/servers`);
        await byId(page, 'server-row').first().waitFor();
        // Another tab of this browser logs in: the shared cookie now holds a new session, whose CSRF token this
        // tab does not have. Its next request is refused 403 csrf; it takes the new token and tries again.
        const again = await clientCtx.context.request.post(`${BASE}/session`, {data: CLIENT});
        assert.equal(again.status(), 201, 'POST /session from the other tab');
        const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/servers' && r.status() === 200);
        await byId(page, 'list-refresh').click();
        await listed;
        await byId(page, 'server-row').first().waitFor();
        assert.equal(await byId(page, 'server-list-error').isVisible(), false);
        assert.equal(await byId(page, 'login-form').count(), 0);
    });

    it('goes back to the login form when the session ends, and logs out', async () => {
        const page = adminCtx.page;
        await page.goto(`${BASE}/#/admin/servers`);
        await byId(page, 'server-row').first().waitFor();
        await adminCtx.context.clearCookies();
        await byId(page, 'list-refresh').click();
        await byId(page, 'login-form').waitFor();
        assert.match(await byId(page, 'flash').textContent(), /session has ended/);
        const client = clientCtx.page;
        await byId(client, 'logout').click();
        await byId(client, 'login-form').waitFor();
        await client.reload();  // the cookie is gone too: GET /session answers 401
        await byId(client, 'login-form').waitFor();
        await client.goto(`${BASE}/#/servers`);
        await byId(client, 'login-form').waitFor();
    });

    it('never violated the Content-Security-Policy, raised a script error or opened a dialog', () => {
        assert.deepEqual(cspViolations, []);
        assert.deepEqual(pageErrors, []);
        assert.deepEqual(dialogs, []);
    });
});
