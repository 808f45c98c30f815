// Building DOM nodes without ever parsing data as HTML: text goes in through text nodes (textContent), attributes
// through setAttribute, handlers through addEventListener. Nothing here touches innerHTML.

// h('button', {type: 'button', testid: 'x', on: {click: fn}}, 'text', child, ...)
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (key === 'on') {
            for (const [event, handler] of Object.entries(value)) {
                el.addEventListener(event, handler);
            }
        } else if (key === 'testid') {
            el.setAttribute('data-testid', value);
        } else if (key === 'class') {
            el.className = value;
        } else if (key === 'value') {
            el.value = value;
        } else if (key === 'checked' || key === 'disabled' || key === 'hidden' || key === 'selected') {
            el[key] = Boolean(value);
        } else if (key.startsWith('on')) {
            throw new Error('handlers go in {on: {...}}');
        } else {
            el.setAttribute(key, value === true ? '' : String(value));
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(el, child);
        } else if (child instanceof Node) {
            el.appendChild(child);
        } else {
            el.appendChild(document.createTextNode(String(child)));
        }
    }
}

// Replaces every child of `el` with `children`.
export function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

// Sets the text of `el` (textContent: never parsed).
export function text(el, value) {
    el.textContent = value === undefined || value === null ? '' : String(value);
    return el;
}

let nextId = 0;
export function uid(prefix) {
    nextId += 1;
    return `${prefix}-${nextId}`;
}

// A labelled form field: <div class=field><label for=id>label</label><control id=id aria-describedby=err>
// <p class=field-error id=err data-testid=error-NAME></div>. Returns {wrap, control, error}.
export function field(label, control, name, hint) {
    const id = control.id || uid(`f-${name}`);
    control.id = id;
    control.name = name;
    const errorId = `${id}-error`;
    const hintId = hint ? `${id}-hint` : null;
    control.setAttribute('aria-describedby', hintId ? `${hintId} ${errorId}` : errorId);
    const error = h('p', {class: 'field-error', id: errorId, testid: `error-${name}`, 'aria-live': 'polite'});
    const wrap = h('div', {class: 'field', testid: `field-${name}`}, h('label', {for: id}, label), control,
                   hint ? h('p', {class: 'hint', id: hintId}, hint) : null, error);
    return {wrap, control, error};
}

export function setFieldError(f, message) {
    text(f.error, message || '');
    if (message) {
        f.control.setAttribute('aria-invalid', 'true');
        f.wrap.classList.add('invalid');
    } else {
        f.control.removeAttribute('aria-invalid');
        f.wrap.classList.remove('invalid');
    }
}

export function formatTime(value) {
    if (!value) {
        return '—';
    }
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
        return String(value);
    }
    return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
