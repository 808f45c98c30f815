// The operator's pages: users, and the servers migrated from WHMCS with where each stands with its VM.
import {request} from './api.js';
import {fill, formatTime, h, text} from './dom.js';
import {statusBadge} from './servers.js';

function cell(label, ...content) {
    return h('td', {'data-label': label}, ...content);
}

export function adminUsersView(root) {
    let alive = true;
    const cursors = [null];
    const tbody = h('tbody', {testid: 'user-rows'});
    const error = h('p', {class: 'form-error', role: 'alert', testid: 'users-error', hidden: true});
    const prev = h('button', {type: 'button', testid: 'users-prev', disabled: true}, 'Previous page');
    const next = h('button', {type: 'button', testid: 'users-next', disabled: true}, 'Next page');
    fill(root, h('section', {class: 'card', testid: 'admin-users-page'}, h('h1', {}, 'Users'), error,
                 h('table', {class: 'list', testid: 'user-table'},
                   h('thead', {}, h('tr', {}, ['Id', 'Email', 'Name', 'Role', 'Created', 'Servers'].map((t) => h('th', {scope: 'col'}, t)))),
                   tbody),
                 h('nav', {class: 'pager', 'aria-label': 'Pages'}, prev, next)));

    async function load() {
        try {
            const page = await request('GET', '/admin/users', {query: {limit: 50, cursor: cursors[cursors.length - 1]}});
            if (!alive) {
                return;
            }
            error.hidden = true;
            fill(tbody, page.items.map((u) => h('tr', {testid: 'user-row', 'data-user-id': u.id},
                                                cell('Id', String(u.id)), cell('Email', u.email), cell('Name', u.name || '—'),
                                                cell('Role', u.role), cell('Created', formatTime(u.created_at)),
                                                cell('Servers', h('a', {href: `#/admin/servers?owner=${u.id}`,
                                                                        'aria-label': `servers of ${u.email}`}, 'Servers')))));
            prev.disabled = cursors.length <= 1;
            next.disabled = !page.next_cursor;
            next.dataset.cursor = page.next_cursor || '';
        } catch (e) {
            if (alive) {
                text(error, e.status === 404 ? 'This API does not list users (GET /admin/users).' : e.message);
                error.hidden = false;
            }
        }
    }
    next.addEventListener('click', () => {
        cursors.push(next.dataset.cursor);
        load();
    });
    prev.addEventListener('click', () => {
        cursors.pop();
        load();
    });
    load();
    return () => {
        alive = false;
    };
}

// GET /servers has no filter for migrated servers: read pages of 100 and keep those with a `link` (admins only
// see it) until a screenful is found.
export function adminMigratedView(root) {
    let alive = true;
    let cursor = null;
    const tbody = h('tbody', {testid: 'migrated-rows'});
    const error = h('p', {class: 'form-error', role: 'alert', testid: 'migrated-error', hidden: true});
    const empty = h('p', {class: 'empty', testid: 'migrated-empty', hidden: true}, 'No migrated servers found.');
    const more = h('button', {type: 'button', testid: 'migrated-more', disabled: true}, 'Load more');
    fill(root, h('section', {class: 'card', testid: 'admin-migrated-page'}, h('h1', {}, 'Migrated servers'),
                 h('p', {class: 'hint'}, 'Servers moved from WHMCS, and where each stands with its Proxmox VM.'), error,
                 h('table', {class: 'list', testid: 'migrated-table'},
                   h('thead', {}, h('tr', {}, ['Hostname', 'Owner', 'Status', 'Datacenter', 'VM id', 'Link', 'Detail']
                                                  .map((t) => h('th', {scope: 'col'}, t)))),
                   tbody),
                 empty, h('nav', {class: 'pager', 'aria-label': 'Pages'}, more)));

    async function load() {
        more.disabled = true;
        let found = 0;
        try {
            for (let pages = 0; pages < 10 && found < 20; pages += 1) {
                const page = await request('GET', '/servers', {query: {limit: 100, cursor}});
                if (!alive) {
                    return;
                }
                for (const s of page.items.filter((item) => item.link)) {
                    found += 1;
                    tbody.appendChild(h('tr', {testid: 'migrated-row', 'data-server-id': s.id, 'data-link': s.link.status},
                                        cell('Hostname', h('a', {href: `#/servers/${encodeURIComponent(s.id)}`}, s.hostname)),
                                        cell('Owner', h('a', {href: `#/admin/servers?owner=${s.owner_id}`}, String(s.owner_id))),
                                        cell('Status', statusBadge(s.status)), cell('Datacenter', s.datacenter || '—'),
                                        cell('VM id', s.vmid === null ? '—' : String(s.vmid)),
                                        cell('Link', h('span', {class: `badge link-${s.link.status}`, testid: 'link-status'},
                                                       s.link.status)),
                                        cell('Detail', s.link.detail || '—')));
                }
                cursor = page.next_cursor;
                if (!cursor) {
                    break;
                }
            }
            empty.hidden = tbody.children.length > 0;
            more.disabled = !cursor;
        } catch (e) {
            if (alive) {
                text(error, e.message);
                error.hidden = false;
            }
        }
    }
    more.addEventListener('click', load);
    load();
    return () => {
        alive = false;
    };
}
