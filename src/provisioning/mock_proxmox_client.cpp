#include "provisioning/mock_proxmox_client.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <sstream>

#include <deque>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "provisioning/proxmox_error.hpp"
#include "provisioning/upid.hpp"

namespace keel::provisioning {

namespace asio = boost::asio;
// Wall-clock time: the state can be shared through a file by several processes (see SharedScope).
using Clock = std::chrono::system_clock;

namespace {

struct MockVm {
    std::string node;
    std::string name;
    bool is_template = false;
    bool running = false;
    std::string lock;
    Clock::time_point lock_until{};
    int cores = 1, memory_mb = 2048, disk_gb = 10;
};

// A task's effect lands when it finishes; a failed one leaves what Proxmox leaves.
struct MockTask {
    std::string node;
    std::string kind;
    std::int64_t vmid = 0;
    Clock::time_point done_at;
    std::string exitstatus;
    bool settled = false;
};

Error lock_timeout(std::int64_t vmid) {
    return proxmox_error(
        500, "can't lock file '/var/lock/qemu-server/lock-" + std::to_string(vmid) + ".conf' - got timeout");
}

}  // namespace

struct MockProxmoxClient::State {
    MockProxmoxConfig config;
    mutable std::mutex mutex;
    std::mt19937_64 random;
    std::map<std::int64_t, MockVm> vms;
    // Per node, the memory of its running VMs, kept as VMs start, stop, change and go: placement asks nodes() for
    // every build, and summing every VM each time made a long run quadratic.
    std::unordered_map<std::string, std::int64_t> running_memory;
    std::unordered_map<std::string, MockTask> tasks;
    std::multimap<Clock::time_point, std::string> unsettled;  // by finishing time
    std::deque<std::string> history;                          // settled, oldest first
    int forced_failures = 0;
    std::uint32_t next_pid = 0x1000;

    explicit State(MockProxmoxConfig c) : config(c), random(c.seed) {}

    // Call with -1 before changing a VM's power, node or memory (or removing it), and with +1 after.
    void count_running(const MockVm& vm, int sign) {
        if (vm.running) {
            running_memory[vm.node] += sign * (std::int64_t{vm.memory_mb} << 20);
        }
    }

    // With a state file, several processes see one hypervisor, as separate workers see one real cluster: each
    // call takes the file's lock, reads the state, acts, and writes it back.
    class SharedScope {
    public:
        explicit SharedScope(State& state) : state_(state) {
            if (state_.config.state_file.empty()) {
                return;
            }
            fd_ = ::open(state_.config.state_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
            if (fd_ >= 0 && ::flock(fd_, LOCK_EX) == 0) {
                state_.load(read_all(fd_));
            }
        }
        ~SharedScope() {
            if (fd_ < 0) {
                return;
            }
            const auto text = state_.dump();
            if (::ftruncate(fd_, 0) == 0 && ::lseek(fd_, 0, SEEK_SET) == 0) {
                (void)!::write(fd_, text.data(), text.size());
            }
            ::flock(fd_, LOCK_UN);
            ::close(fd_);
        }
        SharedScope(const SharedScope&) = delete;
        SharedScope& operator=(const SharedScope&) = delete;

    private:
        static std::string read_all(int fd) {
            std::string text;
            char buffer[65536];
            ::lseek(fd, 0, SEEK_SET);
            for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
                text.append(buffer, static_cast<std::size_t>(n));
            }
            return text;
        }
        State& state_;
        int fd_ = -1;
    };

    static std::int64_t to_ms(Clock::time_point at) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    }

    // One record a line; the free-text field (name, exit status) comes last.
    std::string dump() const {
        std::ostringstream out;
        for (const auto& [vmid, vm] : vms) {
            out << "vm " << vmid << ' ' << vm.running << ' ' << vm.is_template << ' ' << vm.cores << ' ' << vm.memory_mb
                << ' ' << vm.disk_gb << ' ' << (vm.lock.empty() ? "-" : vm.lock) << ' ' << vm.node << ' ' << vm.name
                << '\n';
        }
        for (const auto& [upid, task] : tasks) {
            out << "task " << upid << ' ' << task.vmid << ' ' << to_ms(task.done_at) << ' ' << task.settled << ' '
                << task.kind << ' ' << task.node << ' ' << task.exitstatus << '\n';
        }
        return out.str();
    }

    void load(const std::string& text) {
        if (text.empty()) {
            return;  // a new file: this process's templates become the shared state
        }
        vms.clear();
        running_memory.clear();
        tasks.clear();
        unsettled.clear();
        history.clear();
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string type;
            fields >> type;
            if (type == "vm") {
                std::int64_t vmid = 0;
                MockVm vm;
                fields >> vmid >> vm.running >> vm.is_template >> vm.cores >> vm.memory_mb >> vm.disk_gb >> vm.lock >>
                    vm.node;
                vm.lock = vm.lock == "-" ? "" : vm.lock;
                fields >> std::ws;
                std::getline(fields, vm.name);
                vms[vmid] = vm;
                count_running(vm, +1);
            } else if (type == "task") {
                std::string upid;
                MockTask task;
                std::int64_t done_ms = 0;
                fields >> upid >> task.vmid >> done_ms >> task.settled >> task.kind >> task.node >> std::ws;
                std::getline(fields, task.exitstatus);
                task.done_at = Clock::time_point(std::chrono::milliseconds(done_ms));
                if (!task.settled) {
                    unsettled.emplace(task.done_at, upid);
                } else {
                    history.push_back(upid);
                }
                tasks[upid] = std::move(task);
            }
        }
    }

    Clock::duration sample(LatencyRange range) {
        std::uniform_int_distribution<std::int64_t> pick(range.min.count(), range.max.count());
        const auto ms = static_cast<double>(pick(random)) * config.latency_scale;
        return std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000.0));
    }

    // Mutating calls may fail transiently, like a busy node does.
    std::optional<Error> injected_fault(std::int64_t vmid) {
        if (forced_failures > 0) {
            --forced_failures;
            return lock_timeout(vmid);
        }
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        if (config.failure_rate <= 0.0 || unit(random) >= config.failure_rate) {
            return std::nullopt;
        }
        if (unit(random) < 0.75) {
            return lock_timeout(vmid);
        }
        return proxmox_error(595, "Connection refused: No route to host");
    }

    // Lands every task whose time has come, in finishing order; O(finished) per call, whatever the history.
    void settle_finished_tasks() {
        const auto now = Clock::now();
        while (!unsettled.empty() && unsettled.begin()->first <= now) {
            const auto upid = unsettled.begin()->second;
            unsettled.erase(unsettled.begin());
            auto found = tasks.find(upid);
            if (found == tasks.end()) {
                continue;
            }
            settle(found->second);
            history.push_back(upid);
        }
        // Real nodes keep task history for a while; keep the mock's bounded.
        while (history.size() > 20000) {
            tasks.erase(history.front());
            history.pop_front();
        }
    }

    void settle(MockTask& task) {
        task.settled = true;
        auto vm = vms.find(task.vmid);
        if (vm == vms.end()) {
            return;
        }
        vm->second.lock.clear();
        const bool failed = task.exitstatus != "OK";
        count_running(vm->second, -1);
        if (task.kind == "qmclone" && failed) {
            vms.erase(vm);  // a failed clone removes its half-copied VM
            return;
        } else if ((task.kind == "qmstart" || task.kind == "qmreboot" || task.kind == "qmresume") && !failed) {
            vm->second.running = true;
        } else if ((task.kind == "qmstop" || task.kind == "qmshutdown" || task.kind == "qmsuspend") && !failed) {
            vm->second.running = false;
        } else if (task.kind == "qmdestroy") {
            vms.erase(vm);
            return;
        }
        count_running(vm->second, +1);
    }

    std::string begin_task(const std::string& node, const std::string& kind, std::int64_t vmid, LatencyRange range,
                           std::string exitstatus = "OK") {
        Upid upid{node,
                  next_pid++,
                  static_cast<std::uint64_t>(::getpid()),
                  static_cast<std::uint32_t>(::time(nullptr)),
                  kind,
                  std::to_string(vmid),
                  "keel@pve!provisioning"};
        auto text = upid.to_string();
        const auto done_at = Clock::now() + sample(range);
        tasks[text] = MockTask{node, kind, vmid, done_at, std::move(exitstatus), false};
        unsettled.emplace(done_at, text);
        return text;
    }

    // What every mutating call on an existing VM goes through: land finished tasks, maybe fail like a busy
    // node, then the VM must exist on that node and hold no lock. Call with the mutex held.
    Result<MockVm*> mutable_vm(const std::string& node, std::int64_t vmid) {
        settle_finished_tasks();
        if (auto fault = injected_fault(vmid)) {
            return std::unexpected(*fault);
        }
        return unlocked_vm(node, vmid);
    }

    Result<MockVm*> unlocked_vm(const std::string& node, std::int64_t vmid) {
        auto vm = vms.find(vmid);
        if (vm == vms.end() || vm->second.node != node) {
            return fail(ErrorCode::kNotFound, "500 Configuration file 'nodes/" + node + "/qemu-server/" +
                                                  std::to_string(vmid) + ".conf' does not exist");
        }
        if (!vm->second.lock.empty()) {
            return std::unexpected(proxmox_error(500, "VM is locked (" + vm->second.lock + ")"));
        }
        return &vm->second;
    }
};

MockProxmoxClient::MockProxmoxClient(MockProxmoxConfig config) : state_(std::make_unique<State>(config)) {
    const std::pair<std::int64_t, const char*> templates[] = {
        {9000, "debian-12"}, {9001, "debian-11"},   {9002, "ubuntu-24.04"}, {9003, "ubuntu-22.04"},
        {9004, "rocky-9"},   {9005, "almalinux-9"}, {9006, "windows-2022"},
    };
    for (const auto& [vmid, name] : templates) {
        add_template(vmid, name);
    }
}

MockProxmoxClient::~MockProxmoxClient() = default;

void MockProxmoxClient::add_template(std::int64_t vmid, std::string name) {
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    MockVm vm;
    vm.node = "*";
    vm.name = std::move(name);
    vm.is_template = true;
    if (auto existing = state_->vms.find(vmid); existing != state_->vms.end()) {
        state_->count_running(existing->second, -1);
    }
    state_->vms[vmid] = vm;
}

void MockProxmoxClient::fail_next_calls(int count) {
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    state_->forced_failures = count;
}

std::size_t MockProxmoxClient::vm_count() const {
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    std::size_t count = 0;
    for (const auto& [vmid, vm] : state_->vms) {
        count += vm.is_template ? 0 : 1;
    }
    return count;
}

std::vector<std::pair<std::int64_t, std::string>> MockProxmoxClient::templates() const {
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    std::vector<std::pair<std::int64_t, std::string>> templates;
    for (const auto& [vmid, vm] : state_->vms) {
        if (vm.is_template) {
            templates.emplace_back(vmid, vm.name);
        }
    }
    return templates;
}

bool MockProxmoxClient::exists(std::int64_t vmid) const {
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    return state_->vms.contains(vmid);
}

std::optional<VmStatus> MockProxmoxClient::inspect(std::int64_t vmid) const {
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    auto vm = state_->vms.find(vmid);
    if (vm == state_->vms.end()) {
        return std::nullopt;
    }
    const auto& v = vm->second;
    return VmStatus{true, v.name, v.running ? "running" : "stopped", v.lock, v.cores, v.memory_mb, v.disk_gb};
}

Task<void> MockProxmoxClient::pause(LatencyRange range) {
    Clock::duration delay;
    {
        std::lock_guard lock(state_->mutex);
        delay = state_->sample(range);
    }
    if (delay <= Clock::duration::zero()) {
        co_return;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

Task<Result<std::vector<NodeResource>>> MockProxmoxClient::nodes() {
    co_await pause(state_->config.api_call);
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    state_->settle_finished_tasks();
    std::vector<NodeResource> nodes;
    for (const auto& name : state_->config.nodes) {
        const auto found = state_->running_memory.find(name);
        const auto used = found == state_->running_memory.end() ? 0 : found->second;
        nodes.push_back(NodeResource{name, true, state_->config.node_memory, used, 16});
    }
    co_return nodes;
}

Task<Result<std::vector<VmResource>>> MockProxmoxClient::vms() {
    co_await pause(state_->config.api_call);
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    state_->settle_finished_tasks();
    std::vector<VmResource> vms;
    for (const auto& [vmid, vm] : state_->vms) {
        const auto node = vm.is_template ? state_->config.nodes.front() : vm.node;
        vms.push_back(VmResource{vmid, node, vm.name, vm.running ? "running" : "stopped", vm.is_template, vm.lock,
                                 vm.cores, std::int64_t{vm.memory_mb} << 20, std::int64_t{vm.disk_gb} << 30});
    }
    co_return vms;
}

Task<Result<std::string>> MockProxmoxClient::clone(std::string node, std::int64_t template_vmid, CloneRequest request) {
    const auto vmid = request.newid;
    const auto& name = request.name;
    if (!request.target.empty()) {
        node = request.target;  // templates sit on shared storage here: any node may clone them
    }
    co_await pause(state_->config.api_call);
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    state_->settle_finished_tasks();
    if (auto fault = state_->injected_fault(vmid)) {
        co_return std::unexpected(*fault);
    }
    auto source = state_->vms.find(template_vmid);
    if (source == state_->vms.end() || !source->second.is_template) {
        co_return fail(ErrorCode::kUpstreamFailed, "500 Configuration file 'nodes/" + node + "/qemu-server/" +
                                                       std::to_string(template_vmid) + ".conf' does not exist");
    }
    if (state_->vms.contains(vmid)) {
        co_return fail(ErrorCode::kConflict, "500 unable to create VM " + std::to_string(vmid) + " - VM " +
                                                 std::to_string(vmid) + " already exists");
    }
    MockVm vm;
    vm.node = node;
    vm.name = name;
    vm.lock = "clone";
    state_->vms[vmid] = vm;
    const std::string outcome = name.starts_with("mock-fail-clone.")
                                    ? "clone failed: storage 'local-lvm' is not available on node '" + node + "'"
                                    : "OK";
    co_return state_->begin_task(node, "qmclone", vmid, state_->config.clone_task, outcome);
}

namespace {

struct PlannedTask {
    std::string kind;  // qmconfig, qmstart, …
    LatencyRange duration;
    std::string exitstatus;
};

// The shape of every call that acts on an existing VM and starts a task: gate, act, start the task.
template <class Act>
Result<std::string> run_vm_task(MockProxmoxClient::State& state, const std::string& node, std::int64_t vmid, Act act) {
    std::lock_guard lock(state.mutex);
    MockProxmoxClient::State::SharedScope shared(state);
    auto vm = state.mutable_vm(node, vmid);
    if (!vm) {
        return std::unexpected(vm.error());
    }
    Result<PlannedTask> planned = act(**vm);
    if (!planned) {
        return std::unexpected(planned.error());
    }
    return state.begin_task(node, planned->kind, vmid, planned->duration, planned->exitstatus);
}

}  // namespace

Task<Result<std::string>> MockProxmoxClient::configure(std::string node, std::int64_t vmid, VmConfigUpdate config) {
    co_await pause(state_->config.api_call);
    co_return run_vm_task(*state_, node, vmid, [&](MockVm& vm) -> Result<PlannedTask> {
        state_->count_running(vm, -1);
        vm.cores = config.cores;
        vm.memory_mb = config.memory_mb;
        state_->count_running(vm, +1);
        return PlannedTask{"qmconfig", state_->config.config_task, "OK"};
    });
}

Task<Result<std::string>> MockProxmoxClient::resize_disk(std::string node, std::int64_t vmid, int size_gb) {
    co_await pause(state_->config.api_call);
    co_return run_vm_task(*state_, node, vmid, [&](MockVm& vm) -> Result<PlannedTask> {
        if (size_gb < vm.disk_gb) {
            return fail(ErrorCode::kUpstreamFailed,
                        "400 Parameter verification failed. size: shrinking disks is not supported");
        }
        vm.disk_gb = size_gb;
        return PlannedTask{"qmresize", state_->config.resize_task, "OK"};
    });
}

Task<Result<std::string>> MockProxmoxClient::power(std::string node, std::int64_t vmid, PowerAction action) {
    co_await pause(state_->config.api_call);
    co_return run_vm_task(*state_, node, vmid, [&](MockVm& vm) -> Result<PlannedTask> {
        const auto& timing = state_->config;
        switch (action) {
            case PowerAction::kStart:
            case PowerAction::kResume: {
                const bool broken = vm.name.starts_with("mock-fail-start.");
                return PlannedTask{action == PowerAction::kStart ? "qmstart" : "qmresume", timing.start_task,
                                   broken ? "start failed: QEMU exited with code 1" : "OK"};
            }
            case PowerAction::kStop: return PlannedTask{"qmstop", timing.stop_task, "OK"};
            case PowerAction::kShutdown: return PlannedTask{"qmshutdown", timing.stop_task, "OK"};
            case PowerAction::kSuspend: return PlannedTask{"qmsuspend", timing.stop_task, "OK"};
            case PowerAction::kReboot:
                if (!vm.running) {
                    return fail(ErrorCode::kConflict, "500 VM " + std::to_string(vmid) + " not running");
                }
                return PlannedTask{"qmreboot", timing.start_task, "OK"};
        }
        return fail(ErrorCode::kInternal, "unknown power action");
    });
}

Task<Result<std::string>> MockProxmoxClient::destroy(std::string node, std::int64_t vmid) {
    co_await pause(state_->config.api_call);
    co_return run_vm_task(*state_, node, vmid, [&](MockVm& vm) -> Result<PlannedTask> {
        if (vm.running) {
            return std::unexpected(proxmox_error(500, "VM " + std::to_string(vmid) + " is running - destroy failed"));
        }
        vm.lock = "destroyed";
        return PlannedTask{"qmdestroy", state_->config.destroy_task, "OK"};
    });
}

Task<Result<VmStatus>> MockProxmoxClient::vm_status(std::string node, std::int64_t vmid) {
    co_await pause(state_->config.api_call);
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    state_->settle_finished_tasks();
    auto vm = state_->vms.find(vmid);
    if (vm == state_->vms.end() || (vm->second.node != node && !vm->second.is_template)) {
        co_return VmStatus{};
    }
    const auto& v = vm->second;
    co_return VmStatus{true, v.name, v.running ? "running" : "stopped", v.lock, v.cores, v.memory_mb, v.disk_gb};
}

Task<Result<TaskStatus>> MockProxmoxClient::task_status(std::string upid) {
    const auto parsed = Upid::parse(upid);
    const auto node = parsed ? parsed->node : std::string{};
    co_await pause(state_->config.api_call);
    std::lock_guard lock(state_->mutex);
    State::SharedScope shared(*state_);
    state_->settle_finished_tasks();
    auto task = state_->tasks.find(upid);
    if (task == state_->tasks.end() || task->second.node != node) {
        co_return fail(ErrorCode::kNotFound, "404 no such task '" + upid + "'");
    }
    if (!task->second.settled) {
        co_return TaskStatus{true, ""};
    }
    co_return TaskStatus{false, task->second.exitstatus};
}

}  // namespace keel::provisioning
