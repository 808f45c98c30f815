// Keel's web console: hash routes, one view at a time, everything rendered as text (dom.js).
import {ApiError, currentUser, isAdmin, login, logout, onSessionExpired, resume} from './api.js';
import {h, fill, text, field, setFieldError} from './dom.js';
import {adminMigratedView, adminUsersView} from './admin.js';
import {createServerView, serverListView, serverView} from './servers.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const flashEl = document.getElementById('flash');
let cleanup = null;
let afterLogin = null;

let flashTimer = null;
export function flash(message, kind = 'info') {
    clearTimeout(flashTimer);
    if (message) {
        flashTimer = setTimeout(() => flash(''), 10000);
    }
    text(flashEl, message);
    flashEl.className = `flash flash-${kind}`;
    flashEl.hidden = !message;
}

export function navigate(hash) {
    if (location.hash === hash) {
        route();
    } else {
        location.hash = hash;
    }
}

// '#/servers?status=active' → {path: ['servers'], query: URLSearchParams}
function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const q = raw.indexOf('?');
    const path = (q < 0 ? raw : raw.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    return {path, query};
}

function renderNav() {
    const user = currentUser();
    nav.hidden = !user;
    who.hidden = !user;
    if (!user) {
        nav.replaceChildren();
        return;
    }
    text(document.getElementById('who-email'), `${user.email} (${user.role})`);
    const {path} = parseHash();
    const here = `#/${path.join('/')}`;
    const links = [
        ['#/servers', 'Servers', 'nav-servers'],
        ['#/servers/new', 'New server', 'nav-new-server'],
    ];
    if (isAdmin()) {
        links.push(['#/admin/servers', 'All servers', 'nav-admin-servers'], ['#/admin/users', 'Users', 'nav-admin-users'],
                   ['#/admin/migrated', 'Migrated', 'nav-admin-migrated']);
    }
    fill(nav, h('ul', {}, links.map(([href, label, testid]) =>
                                        h('li', {}, h('a', {href, testid, 'aria-current': here === href ? 'page' : null},
                                                      label)))));
}

function loginView(root) {
    const email = field('Email', h('input', {type: 'email', autocomplete: 'username', required: true, testid: 'login-email'}),
                        'email');
    const password = field(
        'Password', h('input', {type: 'password', autocomplete: 'current-password', required: true, testid: 'login-password'}),
        'password');
    const message = h('p', {class: 'form-error', role: 'alert', testid: 'login-error'});
    const submit = h('button', {type: 'submit', testid: 'login-submit'}, 'Log in');
    const form = h('form', {class: 'card narrow', testid: 'login-form', novalidate: true}, h('h1', {}, 'Log in to Keel'),
                   email.wrap, password.wrap, message, h('div', {class: 'buttons'}, submit));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        text(message, '');
        setFieldError(email, email.control.value ? '' : 'enter your email');
        setFieldError(password, password.control.value ? '' : 'enter your password');
        if (!email.control.value || !password.control.value) {
            return;
        }
        submit.disabled = true;
        try {
            await login(email.control.value.trim(), password.control.value);
            flash('');
            const target = afterLogin && !afterLogin.startsWith('#/login') ? afterLogin : '#/servers';
            afterLogin = null;
            navigate(target);
        } catch (error) {
            if (error instanceof ApiError && error.status === 422) {
                for (const e of error.fieldErrors) {
                    setFieldError(e.field === 'password' ? password : email, e.message);
                }
            }
            const wait = error instanceof ApiError && error.status === 429 ? ' (too many attempts: wait, then retry)' : '';
            text(message, error instanceof ApiError && error.status === 401 ? 'Wrong email or password.'
                                                                            : `${error.message}${wait}`);
            submit.disabled = false;
        }
    });
    fill(root, form);
    email.control.focus();
}

async function route() {
    if (cleanup) {
        const done = cleanup;
        cleanup = null;
        try {
            done();
        } catch {
            // a view's cleanup never blocks the next view
        }
    }
    const {path, query} = parseHash();
    if (!currentUser()) {
        if (path[0] !== 'login') {
            afterLogin = location.hash || null;
            location.replace('#/login');
            return;
        }
        renderNav();
        loginView(main);
        return;
    }
    renderNav();
    const ctx = {navigate, flash, query};
    let view;
    if (path.length === 0 || path[0] === 'login') {
        location.replace('#/servers');
        return;
    } else if (path[0] === 'servers' && path.length === 1) {
        view = serverListView(main, {...ctx, admin: false});
    } else if (path[0] === 'servers' && path[1] === 'new') {
        view = createServerView(main, ctx);
    } else if (path[0] === 'servers' && path.length === 2) {
        view = serverView(main, path[1], ctx);
    } else if (path[0] === 'admin' && isAdmin() && path[1] === 'servers') {
        view = serverListView(main, {...ctx, admin: true});
    } else if (path[0] === 'admin' && isAdmin() && path[1] === 'users') {
        view = adminUsersView(main, ctx);
    } else if (path[0] === 'admin' && isAdmin() && path[1] === 'migrated') {
        view = adminMigratedView(main, ctx);
    } else {
        fill(main, h('section', {class: 'card', testid: 'not-found'}, h('h1', {}, 'Not found'),
                     h('p', {}, 'There is no such page. '), h('a', {href: '#/servers'}, 'Back to your servers')));
        return;
    }
    cleanup = typeof view === 'function' ? view : null;
    const heading = main.querySelector('h1');
    if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({preventScroll: true});
    }
}

onSessionExpired((hadSession) => {
    if (hadSession) {
        flash('Your session has ended; log in again.', 'warn');
    }
    if (!location.hash.startsWith('#/login')) {
        afterLogin = location.hash || null;
        location.replace('#/login');
    }
    route();
});

document.getElementById('logout').addEventListener('click', async () => {
    try {
        await logout();
    } catch {
        // the session is forgotten here whatever the API said
    }
    flash('You are logged out.');
    location.replace('#/login');
    route();
});

window.addEventListener('hashchange', route);

(async () => {
    try {
        await resume();
    } catch (error) {
        flash(error.message, 'error');
    }
    route();
})();
