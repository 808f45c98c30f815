// The console's one door to the API: same origin, the HttpOnly session cookie (never a token in script reach),
// the CSRF token on every request, problem+json errors turned into ApiError. A 401 anywhere ends the session.

const session = {csrf: null, user: null, expiresAt: null};
const expiredListeners = new Set();

export class ApiError extends Error {
    constructor(status, problem) {
        const detail = (problem && (problem.detail || problem.title)) || `request failed (${status})`;
        super(detail);
        this.status = status;
        this.problem = problem || {};
    }
    // The 422 per-field errors: [{field, message}]
    get fieldErrors() {
        return Array.isArray(this.problem.errors) ? this.problem.errors : [];
    }
}

export function currentUser() {
    return session.user;
}

export function isAdmin() {
    return Boolean(session.user && session.user.role === 'admin');
}

export function onSessionExpired(listener) {
    expiredListeners.add(listener);
}

function adopt(body) {
    session.csrf = body.csrf_token;
    session.user = body.user;
    session.expiresAt = body.expires_at;
}

function forget() {
    session.csrf = null;
    session.user = null;
    session.expiresAt = null;
}

async function readBody(response) {
    if (response.status === 204) {
        return null;
    }
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
        try {
            return await response.json();
        } catch {
            return null;
        }
    }
    return null;
}

// request('GET', '/servers', {query: {...}, body: {...}, signal}) → parsed body; throws ApiError.
export async function request(method, path, options = {}) {
    let url = path;
    if (options.query) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(options.query)) {
            if (value !== undefined && value !== null && value !== '') {
                params.set(key, String(value));
            }
        }
        const qs = params.toString();
        if (qs) {
            url += `?${qs}`;
        }
    }
    const headers = {Accept: 'application/json'};
    if (session.csrf) {
        headers['X-CSRF-Token'] = session.csrf;
    }
    const init = {method, headers, credentials: 'same-origin', cache: 'no-store', signal: options.signal};
    if (options.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(options.body);
    }
    let response;
    try {
        response = await fetch(url, init);
    } catch (error) {
        if (error && error.name === 'AbortError') {
            throw error;
        }
        throw new ApiError(0, {title: 'The API cannot be reached', detail: 'The API cannot be reached; try again.'});
    }
    const body = await readBody(response);
    if (response.ok) {
        return body;
    }
    if (response.status === 401 && !options.noExpiry) {
        expire();
    }
    if (response.status === 403 && isCsrfProblem(body) && !options.noExpiry && !options.csrfRenewed) {
        if (await renewCsrf()) {
            return request(method, path, {...options, csrfRenewed: true});
        }
    }
    throw new ApiError(response.status, body);
}

function isCsrfProblem(body) {
    return Boolean(body) && typeof body.type === 'string' && body.type.endsWith('csrf');
}

// A 403 csrf means the cookie holds another session than this page knows: another tab logged in again. Takes
// that session's token when it is the same account (true: retry); otherwise this page's session is over.
async function renewCsrf() {
    const user = session.user;
    const hadSession = session.csrf !== null;
    let renewed = false;
    try {
        renewed = await resume();
    } catch {
        return false;  // the API is unreachable: the 403 stands, nothing is known yet
    }
    if (renewed && user && session.user && session.user.id === user.id) {
        return true;
    }
    forget();
    notifyExpired(hadSession);
    return false;
}

export function expire() {
    const hadSession = session.csrf !== null;
    forget();
    notifyExpired(hadSession);
}

function notifyExpired(hadSession) {
    for (const listener of expiredListeners) {
        listener(hadSession);
    }
}

// GET /session: the cookie's session, if any (a reloaded page gets its CSRF token back). True when logged in.
export async function resume() {
    try {
        const body = await request('GET', '/session', {noExpiry: true});
        adopt(body);
        return true;
    } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
            forget();
            return false;
        }
        throw error;
    }
}

export async function login(email, password) {
    forget();
    const body = await request('POST', '/session', {body: {email, password}, noExpiry: true});
    adopt(body);
    return body.user;
}

export async function logout() {
    try {
        await request('DELETE', '/session', {noExpiry: true});
    } finally {
        forget();
    }
}

// The server's changes as they happen: GET /servers/{id}/events/stream read with fetch (EventSource cannot send
// the CSRF header). Calls onServer(json) for each `event: server`; resolves when the stream ends, rejects on an
// error (the caller then polls).
export async function streamServer(id, onServer, signal) {
    const headers = {Accept: 'text/event-stream'};
    if (session.csrf) {
        headers['X-CSRF-Token'] = session.csrf;
    }
    const response = await fetch(`/servers/${encodeURIComponent(id)}/events/stream`,
                                 {headers, credentials: 'same-origin', cache: 'no-store', signal});
    if (!response.ok || !response.body) {
        const body = await readBody(response);
        if (response.status === 401) {
            expire();
        }
        if (response.status === 403 && isCsrfProblem(body) && await renewCsrf()) {
            // Renewed: the caller's next attempt carries the session's token.
            throw new ApiError(503, {detail: 'the session was renewed; reconnecting'});
        }
        throw new ApiError(response.status, body);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
        const {value, done} = await reader.read();
        if (done) {
            return;
        }
        buffer += decoder.decode(value, {stream: true}).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data = [];
            for (const line of block.split('\n')) {
                if (line.startsWith(':')) {
                    continue;
                }
                const colon = line.indexOf(':');
                const name = colon < 0 ? line : line.slice(0, colon);
                let val = colon < 0 ? '' : line.slice(colon + 1);
                if (val.startsWith(' ')) {
                    val = val.slice(1);
                }
                if (name === 'event') {
                    event = val;
                } else if (name === 'data') {
                    data.push(val);
                }
            }
            if (event === 'server' && data.length > 0) {
                try {
                    onServer(JSON.parse(data.join('\n')));
                } catch {
                    // a malformed event is skipped; the next one (or the poll) brings the state
                }
            }
        }
    }
}
