// What the API's state machine allows now (src/core/server_action.cpp: authorize_action, then plan_action),
// mirrored so the console offers only the actions that can succeed and says why the others cannot. The API
// stays the judge: a 409 it answers is shown as a message.

export const STATUSES = ['pending', 'provisioning', 'active', 'suspended', 'failed', 'terminating', 'terminated'];
export const TRANSITIONAL = new Set(['pending', 'provisioning', 'terminating']);

export const ACTIONS = [
    {type: 'start', label: 'Start'},
    {type: 'stop', label: 'Stop'},
    {type: 'reboot', label: 'Reboot'},
    {type: 'retry', label: 'Retry provisioning'},
    {type: 'suspend', label: 'Suspend', adminOnly: true},
    {type: 'unsuspend', label: 'Unsuspend', adminOnly: true},
    {type: 'terminate', label: 'Terminate', danger: true},
];

function stateText(server) {
    return server.power_state ? `${server.status} (${server.power_state})` : server.status;
}

// null when `action` is allowed for `role` on `server` now; otherwise the reason it is not.
export function refusal(role, server, action) {
    const status = server.status;
    const running = server.power_state === 'running';
    const now = `it is ${stateText(server)}`;
    switch (action) {
        case 'suspend':
            if (role !== 'admin') {
                return 'only the operator may suspend a server';
            }
            return status === 'active' ? null : `only an active server can be suspended; ${now}`;
        case 'unsuspend':
            if (role !== 'admin') {
                return 'only the operator may unsuspend a server';
            }
            return status === 'suspended' ? null : `only a suspended server can be unsuspended; ${now}`;
        case 'reboot':
        case 'stop':
            return status === 'active' && running ? null : `needs an active, running server; ${now}`;
        case 'start':
            return status === 'active' && !running ? null : `needs an active, stopped server; ${now}`;
        case 'terminate':
            return ['active', 'suspended', 'failed', 'terminating'].includes(status)
                       ? null
                       : `needs an active, suspended or failed server; ${now}`;
        case 'retry':
            return status === 'failed' ? null : `only a failed server can be retried; ${now}`;
        default:
            return 'unknown action';
    }
}
