// The servers: list (status filter, cursor paging; admins: every owner, owner filter), create form, server page.
import {ApiError, currentUser, isAdmin, request, streamServer} from './api.js';
import {field, fill, formatTime, h, setFieldError, text} from './dom.js';
import {ACTIONS, STATUSES, TRANSITIONAL, refusal} from './policy.js';

const PAGE_SIZE = 20;

export function statusBadge(status, testid) {
    return h('span', {class: `badge status-${status}`, testid}, status);
}

function specsText(server) {
    const parts = [];
    if (server.cpu_cores) {
        parts.push(`${server.cpu_cores} vCPU`);
    }
    if (server.ram_mb) {
        parts.push(`${server.ram_mb} MB RAM`);
    }
    if (server.disk_gb) {
        parts.push(`${server.disk_gb} GB disk`);
    }
    return parts.length ? parts.join(' · ') : '—';
}

function cell(label, ...content) {
    return h('td', {'data-label': label}, ...content);
}

function errorBox(testid) {
    return h('p', {class: 'form-error', role: 'alert', testid, hidden: true});
}

function showError(box, message) {
    text(box, message || '');
    box.hidden = !message;
}

// ---------------------------------------------------------------------------------------------- list

export function serverListView(root, ctx) {
    const admin = ctx.admin;
    const base = admin ? '#/admin/servers' : '#/servers';
    const status = STATUSES.includes(ctx.query.get('status')) ? ctx.query.get('status') : '';
    const owner = admin && /^\d+$/.test(ctx.query.get('owner') || '') ? ctx.query.get('owner') : '';
    const cursors = [null];
    let timer = null;
    let alive = true;

    const statusSelect = h('select', {testid: 'filter-status'}, h('option', {value: ''}, 'Any status'),
                           STATUSES.map((s) => h('option', {value: s, selected: s === status}, s)));
    const statusField = field('Status', statusSelect, 'status');
    const ownerField = admin ? field('Owner (user id)', h('input', {type: 'text', inputmode: 'numeric', value: owner,
                                                                    testid: 'filter-owner'}),
                                     'owner')
                             : null;
    const filters = h('form', {class: 'filters', testid: 'server-filters', role: 'search'}, statusField.wrap,
                      ownerField ? ownerField.wrap : null,
                      h('div', {class: 'buttons'}, h('button', {type: 'submit', testid: 'filter-apply'}, 'Apply')));
    filters.addEventListener('submit', (event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        if (statusSelect.value) {
            params.set('status', statusSelect.value);
        }
        if (ownerField) {
            const value = ownerField.control.value.trim();
            if (value && !/^\d+$/.test(value)) {
                setFieldError(ownerField, 'a user id is a number');
                return;
            }
            if (value) {
                params.set('owner', value);
            }
        }
        const qs = params.toString();
        ctx.navigate(qs ? `${base}?${qs}` : base);
    });
    statusSelect.addEventListener('change', () => filters.requestSubmit());

    const tbody = h('tbody', {testid: 'server-rows'});
    const headings = ['Hostname', 'Status', 'Power', 'Datacenter', 'Image', 'Size', 'Created'];
    if (admin) {
        headings.splice(1, 0, 'Owner');
        headings.push('Operator');
    }
    const table = h('table', {class: 'list', testid: 'server-table'},
                    h('thead', {}, h('tr', {}, headings.map((t) => h('th', {scope: 'col'}, t)))), tbody);
    const empty = h('p', {class: 'empty', testid: 'server-list-empty', hidden: true}, 'No servers here.');
    const error = errorBox('server-list-error');
    const message = h('p', {class: 'message', role: 'status', testid: 'server-list-message', hidden: true});
    const prev = h('button', {type: 'button', testid: 'page-prev', disabled: true}, 'Previous page');
    const next = h('button', {type: 'button', testid: 'page-next', disabled: true}, 'Next page');
    const pageLabel = h('span', {class: 'page-label', testid: 'page-number'}, 'Page 1');
    const refresh = h('button', {type: 'button', class: 'secondary', testid: 'list-refresh'}, 'Refresh');

    fill(root, h('section', {class: 'card', testid: admin ? 'admin-servers-page' : 'servers-page'},
                 h('div', {class: 'title-row'}, h('h1', {}, admin ? 'All servers' : 'Your servers'),
                   admin ? null : h('a', {class: 'button', href: '#/servers/new', testid: 'new-server'}, 'New server')),
                 filters, error, message, table, empty,
                 h('nav', {class: 'pager', 'aria-label': 'Pages'}, prev, pageLabel, next, refresh)));

    async function operatorAction(server, type, button) {
        button.disabled = true;
        try {
            await request('POST', `/servers/${encodeURIComponent(server.id)}/actions`, {body: {type}});
            showMessage(`${type} queued for ${server.hostname}`);
            load();
        } catch (e) {
            showError(error, e.message);
            button.disabled = false;
        }
    }

    function showMessage(value) {
        text(message, value);
        message.hidden = !value;
    }

    function row(server) {
        const link = h('a', {href: `#/servers/${encodeURIComponent(server.id)}`, testid: 'server-link'}, server.hostname);
        const cells = [
            cell('Hostname', link),
            cell('Status', statusBadge(server.status, 'server-row-status')),
            cell('Power', server.power_state || '—'),
            cell('Datacenter', server.datacenter || '—'),
            cell('Image', server.os_image || '—'),
            cell('Size', specsText(server)),
            cell('Created', formatTime(server.created_at)),
        ];
        if (admin) {
            cells.splice(1, 0, cell('Owner', h('a', {href: `#/admin/servers?owner=${server.owner_id}`}, String(server.owner_id))));
            const lever = server.status === 'suspended' ? 'unsuspend' : 'suspend';
            const reason = refusal('admin', server, lever);
            const button = h('button', {type: 'button', class: 'small', testid: `row-${lever}`, disabled: Boolean(reason),
                                        title: reason || null, 'aria-label': `${lever} ${server.hostname}`},
                             lever === 'suspend' ? 'Suspend' : 'Unsuspend');
            button.addEventListener('click', () => operatorAction(server, lever, button));
            cells.push(cell('Operator', button));
        }
        return h('tr', {testid: 'server-row', 'data-server-id': server.id, 'data-status': server.status}, cells);
    }

    async function load() {
        clearTimeout(timer);
        const cursor = cursors[cursors.length - 1];
        try {
            const page = await request('GET', '/servers',
                                       {query: {limit: PAGE_SIZE, cursor, status: status || null, owner_id: owner || null}});
            if (!alive) {
                return;
            }
            showError(error, '');
            fill(tbody, page.items.map(row));
            empty.hidden = page.items.length > 0;
            prev.disabled = cursors.length <= 1;
            next.disabled = !page.next_cursor;
            next.dataset.cursor = page.next_cursor || '';
            text(pageLabel, `Page ${cursors.length}`);
            if (page.items.some((s) => TRANSITIONAL.has(s.status))) {
                timer = setTimeout(load, 2000);
            }
        } catch (e) {
            if (alive) {
                showError(error, e.message);
            }
        }
    }
    next.addEventListener('click', () => {
        if (next.dataset.cursor) {
            cursors.push(next.dataset.cursor);
            load();
        }
    });
    prev.addEventListener('click', () => {
        if (cursors.length > 1) {
            cursors.pop();
            load();
        }
    });
    refresh.addEventListener('click', () => load());
    load();
    return () => {
        alive = false;
        clearTimeout(timer);
    };
}

// ---------------------------------------------------------------------------------------------- create

export function createServerView(root, ctx) {
    let alive = true;
    const hostname = field('Hostname', h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false',
                                                    testid: 'create-hostname'}),
                           'hostname', 'An RFC 1123 name, e.g. web1.example.com');
    const cpu = field('CPU cores', h('input', {type: 'number', inputmode: 'numeric', value: '2', testid: 'create-cpu_cores'}),
                      'cpu_cores', '1–64');
    const ram = field('Memory (MB)', h('input', {type: 'number', inputmode: 'numeric', value: '2048', step: '256',
                                                 testid: 'create-ram_mb'}),
                      'ram_mb', '512–524288 MB');
    const disk = field('Disk (GB)', h('input', {type: 'number', inputmode: 'numeric', value: '20', testid: 'create-disk_gb'}),
                       'disk_gb', '5–16384 GB');
    const datacenter = field('Datacenter', h('select', {testid: 'create-datacenter'}), 'datacenter');
    const image = field('Operating system image', h('select', {testid: 'create-os_image'}), 'os_image');
    const fields = {hostname, cpu_cores: cpu, ram_mb: ram, disk_gb: disk, datacenter, os_image: image};
    const formError = errorBox('create-error');
    const submit = h('button', {type: 'submit', testid: 'create-submit'}, 'Create server');
    const form = h('form', {class: 'card', testid: 'create-form', novalidate: true}, h('h1', {}, 'New server'),
                   h('div', {class: 'grid'}, hostname.wrap, datacenter.wrap, image.wrap, cpu.wrap, ram.wrap, disk.wrap),
                   formError, h('div', {class: 'buttons'}, submit, h('a', {href: '#/servers', class: 'button secondary'}, 'Cancel')));
    fill(root, form);

    let catalog = [];
    function fillImages() {
        const dc = catalog.find((d) => d.name === datacenter.control.value);
        const images = dc ? dc.os_images : [];
        fill(image.control, images.map((name) => h('option', {value: name}, name)));
    }
    datacenter.control.addEventListener('change', fillImages);
    request('GET', '/catalog')
        .then((body) => {
            if (!alive) {
                return;
            }
            catalog = body.datacenters || [];
            fill(datacenter.control, catalog.map((d) => h('option', {value: d.name}, d.name)));
            fillImages();
            if (catalog.length === 0) {
                showError(formError, 'No datacenter is on offer right now.');
            }
        })
        .catch((e) => alive && showError(formError, `The catalogue could not be loaded: ${e.message}`));

    function number(control) {
        const raw = control.value.trim();
        if (raw === '') {
            return null;
        }
        const value = Number(raw);
        return Number.isInteger(value) ? value : raw;
    }

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        for (const f of Object.values(fields)) {
            setFieldError(f, '');
        }
        showError(formError, '');
        const body = {
            hostname: hostname.control.value.trim(),
            cpu_cores: number(cpu.control),
            ram_mb: number(ram.control),
            disk_gb: number(disk.control),
            os_image: image.control.value,
            datacenter: datacenter.control.value,
        };
        submit.disabled = true;
        try {
            const server = await request('POST', '/servers', {body});
            ctx.flash(`${server.hostname} is on its way.`);
            ctx.navigate(`#/servers/${encodeURIComponent(server.id)}`);
        } catch (e) {
            submit.disabled = false;
            if (!alive) {
                return;
            }
            const unplaced = [];
            let first = null;
            for (const fe of e instanceof ApiError ? e.fieldErrors : []) {
                const f = fields[fe.field];
                if (f) {
                    setFieldError(f, fe.message);
                    first = first || f;
                } else {
                    unplaced.push(`${fe.field}: ${fe.message}`);
                }
            }
            showError(formError, first && unplaced.length === 0 ? 'Please correct the fields marked.'
                                                                : [e.message, ...unplaced].join(' — '));
            (first ? first.control : submit).focus();
        }
    });
    hostname.control.focus();
    return () => {
        alive = false;
    };
}

// ---------------------------------------------------------------------------------------------- one server

function dlRow(term, value, testid) {
    return [h('dt', {}, term), h('dd', {testid}, value === null || value === undefined || value === '' ? '—' : value)];
}

function actorText(actor) {
    if (!actor) {
        return '';
    }
    switch (actor.type) {
        case 'user': return actor.id === currentUser()?.id ? 'you' : `user ${actor.id}`;
        case 'staff': return 'staff';
        case 'system': return 'Keel';
        default: return actor.type;
    }
}

export function serverView(root, id, ctx) {
    let alive = true;
    let server = null;
    let pollTimer = null;
    let eventsTimer = null;
    let fastUntil = 0;
    let streaming = false;
    const aborter = new AbortController();
    const role = currentUser().role;
    const path = `/servers/${encodeURIComponent(id)}`;

    const heading = h('h1', {testid: 'server-hostname'}, '…');
    const status = h('span', {class: 'badge', testid: 'server-status'}, '…');
    const power = h('span', {class: 'badge power', testid: 'server-power'}, '…');
    const live = h('span', {class: 'live', testid: 'live-mode'}, 'connecting');
    const specs = h('dl', {class: 'specs', testid: 'server-specs'});
    const attributes = h('dl', {class: 'specs', testid: 'server-attributes'});
    const pageError = errorBox('server-error');
    const actionMessage = h('p', {class: 'message', role: 'alert', testid: 'action-message', hidden: true});
    const actionList = h('ul', {class: 'actions', testid: 'actions'});
    const confirmBox = h('div', {class: 'confirm', testid: 'terminate-confirm', hidden: true});
    const credsOut = h('dl', {class: 'specs', testid: 'credentials'});
    const credsMessage = h('p', {class: 'message', role: 'status', testid: 'credentials-message', hidden: true});
    const revealButton = h('button', {type: 'button', class: 'secondary', testid: 'reveal-credentials'}, 'Reveal credentials');
    const hideButton = h('button', {type: 'button', class: 'secondary', testid: 'hide-credentials', hidden: true},
                         'Hide credentials');
    const events = h('ol', {class: 'timeline', testid: 'events'});

    fill(root, h('div', {class: 'server-page', testid: 'server-page'},
                 h('p', {class: 'crumbs'}, h('a', {href: isAdmin() ? '#/admin/servers' : '#/servers'}, '← Servers')),
                 h('section', {class: 'card'}, h('div', {class: 'title-row'}, heading, h('div', {class: 'state', 'aria-live': 'polite'}, status, power, live)),
                   pageError, specs, h('h2', {}, 'Attributes'), attributes),
                 h('section', {class: 'card', 'aria-labelledby': 'actions-h'}, h('h2', {id: 'actions-h'}, 'Actions'),
                   actionMessage, actionList, confirmBox),
                 h('section', {class: 'card', 'aria-labelledby': 'creds-h'}, h('h2', {id: 'creds-h'}, 'Credentials'),
                   h('p', {class: 'hint'}, role === 'admin'
                                                ? 'Revealing is recorded in the timeline; an admin reveal leaves the owner’s one reveal unused.'
                                                : 'Stored credentials (from a migrated server) can be revealed once; the reveal is recorded.'),
                   h('div', {class: 'buttons'}, revealButton, hideButton), credsMessage, credsOut),
                 h('section', {class: 'card', 'aria-labelledby': 'events-h'}, h('h2', {id: 'events-h'}, 'Timeline'), events)));

    function showActionMessage(message, kind) {
        text(actionMessage, message);
        actionMessage.className = `message message-${kind}`;
        actionMessage.hidden = !message;
    }

    function renderSpecs() {
        const rows = [
            dlRow('Status', server.status, 'spec-status'),
            dlRow('Power', server.power_state, 'spec-power'),
            dlRow('Size', specsText(server), 'spec-size'),
            dlRow('Image', server.os_image, 'spec-image'),
            dlRow('Datacenter', server.datacenter, 'spec-datacenter'),
            dlRow('VM id', server.vmid, 'spec-vmid'),
            dlRow('Last error', server.last_error, 'spec-last-error'),
            dlRow('Created', formatTime(server.created_at), 'spec-created'),
            dlRow('Updated', formatTime(server.updated_at), 'spec-updated'),
            dlRow('Server id', server.id, 'spec-id'),
        ];
        if (role === 'admin') {
            rows.push(dlRow('Owner', h('a', {href: `#/admin/servers?owner=${server.owner_id}`}, String(server.owner_id)), 'spec-owner'),
                      dlRow('Node', server.node, 'spec-node'));
            if (server.link) {
                rows.push(dlRow('WHMCS link', `${server.link.status}${server.link.detail ? ` — ${server.link.detail}` : ''}`,
                                'spec-link'));
            }
            for (const [key, value] of Object.entries(server.admin_attributes || {})) {
                rows.push(dlRow(`${key} (admin)`, typeof value === 'string' ? value : JSON.stringify(value)));
            }
        }
        fill(specs, rows);
        const attrs = Object.entries(server.attributes || {});
        fill(attributes, attrs.length ? attrs.map(([k, v]) => dlRow(k, typeof v === 'string' ? v : JSON.stringify(v)))
                                      : [h('dt', {}, 'none'), h('dd', {}, '—')]);
    }

    function renderActions() {
        const items = [];
        for (const action of ACTIONS) {
            if (action.adminOnly && role !== 'admin') {
                continue;  // the operator's levers: not the client's to pull
            }
            const reason = refusal(role, server, action.type);
            const reasonId = `reason-${action.type}`;
            const button = h('button', {type: 'button', class: action.danger ? 'danger' : '', testid: `action-${action.type}`,
                                        disabled: Boolean(reason), 'aria-describedby': reason ? reasonId : null},
                             action.label);
            button.addEventListener('click', () => {
                if (action.type === 'terminate') {
                    openConfirm();
                } else {
                    act(action.type, button);
                }
            });
            items.push(h('li', {}, button,
                         reason ? h('span', {class: 'reason', id: reasonId, testid: `action-${action.type}-reason`}, reason)
                                : null));
        }
        fill(actionList, items);
        if (!confirmBox.hidden && refusal(role, server, 'terminate')) {
            confirmBox.hidden = true;
        }
    }

    function openConfirm() {
        const input = h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false', testid: 'terminate-confirm-input'});
        const f = field(`Type the hostname “${server.hostname}” to terminate it`, input, 'confirm-hostname');
        const go = h('button', {type: 'button', class: 'danger', disabled: true, testid: 'terminate-confirm-submit'},
                     'Terminate for good');
        const cancel = h('button', {type: 'button', class: 'secondary', testid: 'terminate-cancel'}, 'Cancel');
        input.addEventListener('input', () => {
            go.disabled = input.value !== server.hostname;
        });
        input.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' && !go.disabled) {
                go.click();
            } else if (event.key === 'Escape') {
                cancel.click();
            }
        });
        go.addEventListener('click', async () => {
            go.disabled = true;
            await act('terminate', go);
            confirmBox.hidden = true;
        });
        cancel.addEventListener('click', () => {
            confirmBox.hidden = true;
        });
        fill(confirmBox, h('p', {}, 'Terminating destroys the virtual machine and its disks. This cannot be undone.'), f.wrap,
             h('div', {class: 'buttons'}, go, cancel));
        confirmBox.hidden = false;
        input.focus();
    }

    async function act(type, button) {
        showActionMessage('', 'info');
        button.disabled = true;
        try {
            const op = await request('POST', `${path}/actions`, {body: {type}});
            showActionMessage(`${type} queued (operation ${op.id}).`, 'ok');
            fastUntil = Date.now() + 30000;
            await refresh();
        } catch (e) {
            showActionMessage(e.status === 409 ? `Not now: ${e.message}` : e.message, 'error');
            renderActions();
        }
    }

    function update(next) {
        const changed = !server || server.status !== next.status || server.power_state !== next.power_state ||
                        server.updated_at !== next.updated_at;
        if (server && (server.status !== next.status || server.power_state !== next.power_state) &&
            actionMessage.classList.contains('message-error')) {
            showActionMessage('', 'info');  // a refusal said of the state before: no longer true
        }
        server = next;
        text(heading, server.hostname);
        text(status, server.status);
        status.className = `badge status-${server.status}`;
        text(power, server.power_state || 'no power state');
        status.setAttribute('aria-label', `status ${server.status}`);
        document.title = `${server.hostname} — Keel`;
        renderSpecs();
        renderActions();
        if (changed) {
            scheduleEvents();
        }
    }

    async function refresh() {
        try {
            const next = await request('GET', path, {signal: aborter.signal});
            if (alive) {
                showError(pageError, '');
                update(next);
            }
        } catch (e) {
            if (alive && e.name !== 'AbortError') {
                showError(pageError, e.status === 404 ? 'There is no such server.' : e.message);
            }
        }
    }

    function scheduleEvents() {
        clearTimeout(eventsTimer);
        eventsTimer = setTimeout(loadEvents, 100);
    }

    async function loadEvents() {
        try {
            const body = await request('GET', `${path}/events`, {signal: aborter.signal});
            if (!alive) {
                return;
            }
            const items = [...body.items].reverse();
            fill(events, items.length ? items.map((e) => h('li', {testid: 'event-item', 'data-kind': e.kind},
                                                          h('time', {datetime: e.at}, formatTime(e.at)), ' ',
                                                          e.kind === 'credentials_revealed'
                                                              ? 'credentials revealed'
                                                              : `${e.from_status || 'created'} → ${e.to_status}`,
                                                          h('span', {class: 'actor'}, ` by ${actorText(e.actor)}`),
                                                          e.error ? h('span', {class: 'event-error'}, ` — ${e.error}`) : null))
                                      : [h('li', {}, 'Nothing yet.')]);
        } catch (e) {
            if (alive && e.name !== 'AbortError') {
                fill(events, h('li', {class: 'form-error'}, e.message));
            }
        }
    }

    // Polling while the stream is down: every second while the server is moving (or an action was just queued),
    // every 5 s otherwise.
    function schedulePoll() {
        clearTimeout(pollTimer);
        if (!alive || streaming) {
            return;
        }
        const fast = !server || TRANSITIONAL.has(server.status) || Date.now() < fastUntil;
        pollTimer = setTimeout(async () => {
            await refresh();
            schedulePoll();
        }, fast ? 1000 : 5000);
    }

    async function stream() {
        let failures = 0;
        while (alive) {
            try {
                streaming = true;
                text(live, 'live');
                live.className = 'live live-on';
                clearTimeout(pollTimer);
                await streamServer(id, (next) => {
                    failures = 0;
                    if (alive) {
                        update(next);
                    }
                }, aborter.signal);
            } catch (e) {
                if (!alive || e.name === 'AbortError') {
                    return;
                }
                failures += 1;
                if (e.status === 404 || e.status === 403 || e.status === 401) {
                    // no stream for us (an older API, or the server is gone): poll instead, for good
                    streaming = false;
                    text(live, 'polling');
                    live.className = 'live live-poll';
                    schedulePoll();
                    return;
                }
            }
            // the stream ended or broke: poll meanwhile, reconnect with back-off
            streaming = false;
            text(live, 'reconnecting');
            live.className = 'live live-poll';
            await refresh();
            schedulePoll();
            await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** Math.min(failures, 4), 15000)));
        }
    }

    revealButton.addEventListener('click', async () => {
        revealButton.disabled = true;
        text(credsMessage, '');
        credsMessage.hidden = true;
        try {
            const body = await request('POST', `${path}/credentials:reveal`);
            fill(credsOut, body.credentials.flatMap((c) => [h('dt', {}, c.name),
                                                             h('dd', {}, h('code', {testid: 'credential-value'}, c.value))]));
            text(credsMessage, `Revealed at ${formatTime(body.revealed_at)}. Keep them safe; change the password on the server.`);
            credsMessage.hidden = false;
            hideButton.hidden = false;
            scheduleEvents();
        } catch (e) {
            text(credsMessage, e.status === 404 && String(e.problem.type || '').endsWith('no-credentials')
                                   ? 'No credentials are stored for this server.'
                                   : e.message);
            credsMessage.hidden = false;
        }
        revealButton.disabled = false;
    });
    hideButton.addEventListener('click', () => {
        credsOut.replaceChildren();
        hideButton.hidden = true;
        credsMessage.hidden = true;
    });

    refresh().then(() => {
        if (alive && server) {
            stream();
        } else if (alive) {
            schedulePoll();
        }
    });
    return () => {
        alive = false;
        aborter.abort();
        clearTimeout(pollTimer);
        clearTimeout(eventsTimer);
        document.title = 'Keel console';
    };
}
