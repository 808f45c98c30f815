#include "sim_cluster.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace keel::pve_sim {

namespace json = boost::json;

namespace {

constexpr std::int64_t kGiB = std::int64_t{1} << 30;
constexpr std::int64_t kMiB = std::int64_t{1} << 20;
constexpr std::size_t kTaskHistory = 20000;  // finished tasks kept, like a node's task index
// Finished tasks written to state.json: the recent ones a client may still poll after a restart. Fewer than in
// memory, so a save stays cheap however long a benchmark ran.
constexpr std::size_t kSavedTaskHistory = 2000;
constexpr std::int64_t kDefaultTemplateDisk = 10 * kGiB;

std::string vmid_text(std::int64_t vmid) {
    return std::to_string(vmid);
}

Reply does_not_exist(const std::string& node, std::int64_t vmid) {
    return Reply::error(
        500, "Configuration file 'nodes/" + node + "/qemu-server/" + vmid_text(vmid) + ".conf' does not exist");
}

Reply locked(const Vm& vm) {
    return Reply::error(500, "VM " + vmid_text(vm.vmid) + " is locked (" + vm.lock + ")");
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// PVE's boolean: 1|0|yes|no|true|false|on|off.
std::optional<bool> parse_bool(std::string_view text) {
    if (text == "1" || text == "yes" || text == "true" || text == "on") {
        return true;
    }
    if (text == "0" || text == "no" || text == "false" || text == "off") {
        return false;
    }
    return std::nullopt;
}

bool is_dns_name(std::string_view name) {
    if (name.empty() || name.size() > 253 || name.front() == '-' || name.front() == '.' || name.back() == '-' ||
        name.back() == '.') {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

// pve-common's 'urlencoded' format: /^[-%a-zA-Z0-9_.!~*'()]*$/.
bool is_urlencoded(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("-%_.!~*'()").find(c) != std::string_view::npos;
    });
}

std::optional<std::string> url_decode(std::string_view text) {
    auto view = boost::urls::make_pct_string_view(text);
    if (!view) {
        return std::nullopt;
    }
    return view->decode();
}

std::string url_encode(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// ipconfig0: ip=<CIDR|dhcp>,gw=<IPv4>,ip6=<CIDR6|dhcp|auto>,gw6=<IPv6> (QemuServer/Network.pm).
bool is_ipconfig(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        const auto part = text.substr(start, comma - start);
        const auto equals = part.find('=');
        if (equals == std::string_view::npos || equals + 1 == part.size()) {
            return false;
        }
        const auto key = part.substr(0, equals);
        const auto value = part.substr(equals + 1);
        if (key == "ip") {
            if (value != "dhcp" && value.find('/') == std::string_view::npos) {
                return false;
            }
        } else if (key != "gw" && key != "ip6" && key != "gw6") {
            return false;
        }
        start = comma + 1;
    }
    return true;
}

// `\+?\d+(\.\d+)?[KMGT]?`; no unit: bytes.
struct SizeSpec {
    bool relative = false;
    std::int64_t bytes = 0;
};
std::optional<SizeSpec> parse_size(std::string_view text) {
    SizeSpec spec;
    if (!text.empty() && text.front() == '+') {
        spec.relative = true;
        text.remove_prefix(1);
    }
    std::int64_t unit = 1;
    if (!text.empty()) {
        switch (text.back()) {
            case 'K': unit = 1024; break;
            case 'M': unit = kMiB; break;
            case 'G': unit = kGiB; break;
            case 'T': unit = kGiB * 1024; break;
            default: break;
        }
        if (unit != 1) {
            text.remove_suffix(1);
        }
    }
    const auto dot = text.find('.');
    const auto whole = parse_int(text.substr(0, dot));
    if (!whole || *whole < 0 || text.substr(0, 1) == "-") {
        return std::nullopt;
    }
    double value = static_cast<double>(*whole);
    if (dot != std::string_view::npos) {
        const auto fraction_text = text.substr(dot + 1);
        const auto fraction = parse_int(fraction_text);
        if (!fraction || fraction_text.front() == '-' || fraction_text.front() == '+') {
            return std::nullopt;
        }
        value += static_cast<double>(*fraction) / std::pow(10.0, static_cast<double>(fraction_text.size()));
    }
    spec.bytes = static_cast<std::int64_t>(value * static_cast<double>(unit));
    return spec;
}

std::string size_text(std::int64_t bytes) {
    if (bytes % kGiB == 0) {
        return std::to_string(bytes / kGiB) + "G";
    }
    if (bytes % kMiB == 0) {
        return std::to_string(bytes / kMiB) + "M";
    }
    if (bytes % 1024 == 0) {
        return std::to_string(bytes / 1024) + "K";
    }
    return std::to_string(bytes);
}

std::string sha1_hex(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0x0f]);
    }
    return out;
}

std::string format_upid(const SimTask& task) {
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, "%08X:%08llX:%08llX", task.pid, static_cast<unsigned long long>(task.pstart),
                  static_cast<unsigned long long>(task.starttime));
    return "UPID:" + task.node + ":" + numbers + ":" + std::string(task_type(task.kind)) + ":" + task.id + ":" +
           task.user + ":";
}

// The node field of a UPID, or nullopt when it is not one (pve-common's decoder regex, loosely).
std::optional<std::string> upid_node(std::string_view upid) {
    if (!upid.starts_with("UPID:") || !upid.ends_with(":")) {
        return std::nullopt;
    }
    std::size_t fields = 0;
    for (char c : upid) {
        fields += c == ':' ? 1 : 0;
    }
    if (fields != 8) {
        return std::nullopt;
    }
    const auto node = upid.substr(5, upid.find(':', 5) - 5);
    if (node.empty()) {
        return std::nullopt;
    }
    return std::string(node);
}

std::optional<std::string> unknown_param(const Params& params, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : params) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            return key;
        }
    }
    return std::nullopt;
}

constexpr const char* kNotInSchema =
    "property is not defined in schema and the schema does not allow additional properties";

std::string power_text(Power power) {
    switch (power) {
        case Power::kStopped: return "stopped";
        case Power::kRunning: return "running";
        case Power::kPaused: return "paused";
    }
    return "stopped";
}

std::optional<Power> parse_power(std::string_view text) {
    if (text == "stopped") {
        return Power::kStopped;
    }
    if (text == "running") {
        return Power::kRunning;
    }
    if (text == "paused") {
        return Power::kPaused;
    }
    return std::nullopt;
}

std::int64_t to_ms(Clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

Clock::time_point from_ms(std::int64_t ms) {
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(ms)));
}

std::int64_t unix_seconds(Clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

}  // namespace

std::string_view task_type(TaskKind kind) {
    switch (kind) {
        case TaskKind::kClone: return "qmclone";
        case TaskKind::kConfig: return "qmconfig";
        case TaskKind::kResize: return "qmresize";
        case TaskKind::kStart: return "qmstart";
        case TaskKind::kStop: return "qmstop";
        case TaskKind::kShutdown: return "qmshutdown";
        case TaskKind::kReboot: return "qmreboot";
        case TaskKind::kSuspend: return "qmsuspend";
        case TaskKind::kResume: return "qmresume";
        case TaskKind::kDestroy: return "qmdestroy";
    }
    return "qmconfig";
}

std::optional<TaskKind> parse_task_type(std::string_view type) {
    for (auto kind :
         {TaskKind::kClone, TaskKind::kConfig, TaskKind::kResize, TaskKind::kStart, TaskKind::kStop,
          TaskKind::kShutdown, TaskKind::kReboot, TaskKind::kSuspend, TaskKind::kResume, TaskKind::kDestroy}) {
        if (task_type(kind) == type) {
            return kind;
        }
    }
    return std::nullopt;
}

double TaskSeconds::of(TaskKind kind) const {
    switch (kind) {
        case TaskKind::kClone: return clone;
        case TaskKind::kConfig: return config;
        case TaskKind::kResize: return resize;
        case TaskKind::kStart: return start;
        case TaskKind::kStop: return stop;
        case TaskKind::kShutdown: return shutdown;
        case TaskKind::kReboot: return reboot;
        case TaskKind::kSuspend: return suspend;
        case TaskKind::kResume: return resume;
        case TaskKind::kDestroy: return destroy;
    }
    return 0;
}

Cluster::Cluster(ClusterConfig config) : config_(std::move(config)), random_(config_.seed) {
    for (const auto& name : config_.nodes) {
        nodes_.push_back(Node{name, true});
    }
    for (const auto& [vmid, name] : config_.templates) {
        Vm vm;
        vm.vmid = vmid;
        vm.node = config_.nodes.empty() ? std::string() : config_.nodes.front();
        vm.is_template = true;
        vm.name = name;
        vm.cores = 2;
        vm.memory_mib = 2048;
        vm.disk_bytes = kDefaultTemplateDisk;
        vms_[vmid] = vm;
    }
}

Cluster::Node* Cluster::find_node(const std::string& name) {
    for (auto& node : nodes_) {
        if (node.name == name) {
            return &node;
        }
    }
    return nullptr;
}

const Cluster::Node* Cluster::find_node(const std::string& name) const {
    return const_cast<Cluster*>(this)->find_node(name);
}

const Vm* Cluster::find_vm(std::int64_t vmid) const {
    auto found = vms_.find(vmid);
    return found == vms_.end() ? nullptr : &found->second;
}

const SimTask* Cluster::find_task(const std::string& upid) const {
    auto found = tasks_.find(upid);
    return found == tasks_.end() ? nullptr : &found->second;
}

std::optional<Reply> Cluster::route_to_node(const std::string& node) const {
    const Node* found = find_node(node);
    if (found == nullptr) {
        // pveproxy cannot reach a node it does not know: AnyEvent::HTTP's pseudo-status.
        return Reply::error(596, "Connection timed out");
    }
    if (!found->online) {
        return Reply::error(595, "Connection refused");
    }
    return std::nullopt;
}

std::pair<Vm*, std::optional<Reply>> Cluster::vm_on(const std::string& node, std::int64_t vmid) {
    auto found = vms_.find(vmid);
    if (found == vms_.end() || found->second.node != node) {
        return {nullptr, does_not_exist(node, vmid)};
    }
    return {&found->second, std::nullopt};
}

std::optional<Reply> Cluster::injected_fault(std::int64_t vmid) {
    if (config_.failure_rate <= 0.0) {
        return std::nullopt;
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(random_) >= config_.failure_rate) {
        return std::nullopt;
    }
    return Reply::error(500, "can't lock file '/var/lock/qemu-server/lock-" + vmid_text(vmid) + ".conf' - got timeout");
}

void Cluster::set_faults(double rate, std::uint64_t seed) {
    config_.failure_rate = rate;
    config_.seed = seed;
    random_.seed(seed);
}

bool Cluster::set_node_online(const std::string& name, bool online) {
    Node* node = find_node(name);
    if (node == nullptr) {
        return false;
    }
    node->online = online;
    changed();
    return true;
}

std::string Cluster::start_task(const std::string& node, TaskKind kind, std::int64_t vmid, std::string id,
                                const std::string& user, Clock::time_point now, std::string exitstatus,
                                std::int64_t resize_to_bytes) {
    SimTask task;
    task.node = node;
    task.kind = kind;
    task.vmid = vmid;
    task.id = std::move(id);
    task.user = user;
    task.pid = next_pid_;
    next_pid_ = next_pid_ >= 0x3FFFFF ? 0x1000 : next_pid_ + 1;
    task.starttime = unix_seconds(now);
    task.pstart = static_cast<std::uint64_t>(task.starttime % 10'000'000) * 100 + task.pid % 100;
    const double seconds = config_.task_seconds.of(kind) * config_.latency_scale;
    task.ends_at = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    task.exitstatus = std::move(exitstatus);
    task.resize_to_bytes = resize_to_bytes;
    task.upid = format_upid(task);
    const std::string upid = task.upid;
    running_.emplace(task.ends_at, upid);
    tasks_[upid] = std::move(task);
    changed();
    if (config_.latency_scale <= 0.0) {
        advance(now);  // at scale 0 a task has ended before its UPID is returned
    }
    return upid;
}

void Cluster::advance(Clock::time_point now) {
    while (!running_.empty() && running_.begin()->first <= now) {
        const std::string upid = running_.begin()->second;
        running_.erase(running_.begin());
        auto found = tasks_.find(upid);
        if (found == tasks_.end()) {
            continue;
        }
        finish(found->second);
        finished_.push_back(upid);
        changed();
    }
    while (finished_.size() > kTaskHistory) {
        tasks_.erase(finished_.front());
        finished_.pop_front();
    }
}

void Cluster::finish(SimTask& task) {
    task.finished = true;
    auto found = vms_.find(task.vmid);
    if (found == vms_.end()) {
        return;
    }
    Vm& vm = found->second;
    const bool ok = task.exitstatus == "OK";
    switch (task.kind) {
        case TaskKind::kClone:
            if (ok) {
                vm.lock.clear();
            } else {
                vms_.erase(found);  // a failed clone frees what it had copied
            }
            return;
        case TaskKind::kConfig: return;
        case TaskKind::kResize:
            if (ok) {
                vm.disk_bytes = std::max(vm.disk_bytes, task.resize_to_bytes);
            }
            return;
        case TaskKind::kStart:
        case TaskKind::kReboot:
        case TaskKind::kResume:
            if (ok) {
                vm.power = Power::kRunning;
            }
            return;
        case TaskKind::kStop:
        case TaskKind::kShutdown:
            if (ok) {
                vm.power = Power::kStopped;
            }
            return;
        case TaskKind::kSuspend:
            if (ok) {
                vm.power = Power::kPaused;
            }
            return;
        case TaskKind::kDestroy: vms_.erase(found); return;
    }
}

Reply Cluster::version() const {
    return Reply::ok(json::object{{"version", "8.2.4"}, {"release", "8.2"}, {"repoid", "faa83925c9641325"}});
}

std::int64_t Cluster::node_memory_used(const std::string& node) const {
    std::int64_t used = 0;
    for (const auto& [vmid, vm] : vms_) {
        if (vm.node == node && vm.power != Power::kStopped) {
            used += vm.memory_mib * kMiB;
        }
    }
    return used;
}

json::object Cluster::node_json(const Node& node) const {
    const std::int64_t maxmem = config_.node_memory_gib * kGiB;
    int busy_cores = 0;
    for (const auto& [vmid, vm] : vms_) {
        busy_cores += vm.node == node.name && vm.power == Power::kRunning ? vm.cores : 0;
    }
    json::object entry{{"id", "node/" + node.name}, {"type", "node"},
                       {"node", node.name},         {"status", node.online ? "online" : "offline"},
                       {"maxmem", maxmem},          {"maxcpu", config_.node_cpus},
                       {"maxdisk", 100 * kGiB},     {"level", ""}};
    if (node.online) {
        entry["mem"] = node_memory_used(node.name);
        entry["cpu"] = std::min(1.0, 0.02 + 0.1 * busy_cores / std::max(1, config_.node_cpus));
        entry["disk"] = 8 * kGiB;
        entry["uptime"] = 864000;
    }
    return entry;
}

json::object Cluster::vm_json(const Vm& vm) const {
    const Node* node = find_node(vm.node);
    const bool reachable = node != nullptr && node->online;
    json::object entry{{"id", "qemu/" + vmid_text(vm.vmid)},
                       {"type", "qemu"},
                       {"vmid", vm.vmid},
                       {"node", vm.node},
                       {"name", vm.name},
                       {"status", !reachable                    ? "unknown"
                                  : vm.power == Power::kStopped ? "stopped"
                                                                : "running"},
                       {"template", vm.is_template ? 1 : 0},
                       {"maxcpu", vm.cores},
                       {"maxmem", vm.memory_mib * kMiB},
                       {"maxdisk", vm.disk_bytes},
                       {"mem", vm.power == Power::kStopped ? 0 : vm.memory_mib * kMiB / 2},
                       {"cpu", 0},
                       {"disk", 0}};
    if (!vm.lock.empty()) {
        entry["lock"] = vm.lock;
    }
    return entry;
}

Reply Cluster::list_nodes(Clock::time_point now) {
    advance(now);
    json::array nodes;
    for (const auto& node : nodes_) {
        nodes.push_back(node_json(node));
    }
    return Reply::ok(std::move(nodes));
}

Reply Cluster::list_vms(const std::string& node, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    json::array vms;
    for (const auto& [vmid, vm] : vms_) {
        if (vm.node == node) {
            json::object entry = vm_json(vm);
            entry.erase("id");
            entry.erase("type");
            entry.erase("node");
            entry["cpus"] = vm.cores;
            vms.push_back(std::move(entry));
        }
    }
    return Reply::ok(std::move(vms));
}

Reply Cluster::cluster_resources(const Params& params, Clock::time_point now) {
    advance(now);
    std::string type;
    if (auto found = params.find("type"); found != params.end()) {
        type = found->second;
        if (type != "vm" && type != "node" && type != "storage" && type != "sdn") {
            return Reply::parameter_error(
                "type", "value '" + type + "' does not have a value in the enumeration 'vm, storage, node, sdn'");
        }
    }
    const auto include = [&](std::string_view kind) { return type.empty() || type == kind; };
    json::array resources;
    if (include("node")) {
        for (const auto& node : nodes_) {
            resources.push_back(node_json(node));
        }
    }
    if (include("vm")) {
        for (const auto& [vmid, vm] : vms_) {
            resources.push_back(vm_json(vm));
        }
    }
    if (include("storage")) {
        for (const auto& node : nodes_) {
            resources.push_back(json::object{{"id", "storage/" + node.name + "/" + config_.storage},
                                             {"type", "storage"},
                                             {"node", node.name},
                                             {"storage", config_.storage},
                                             {"status", node.online ? "available" : "unknown"},
                                             {"shared", 1},
                                             {"plugintype", "lvmthin"},
                                             {"content", "images,rootdir"},
                                             {"maxdisk", 4096 * kGiB}});
        }
    }
    return Reply::ok(std::move(resources));
}

namespace {

// One entry of POST /_sim/vms, read strictly: a typo in a test's fixture must not become a silently odd VM.
std::optional<std::int64_t> integer_field(const json::object& entry, std::string_view key, std::int64_t minimum,
                                          std::int64_t maximum) {
    const json::value* value = entry.if_contains(key);
    if (value == nullptr || !value->is_number()) {
        return std::nullopt;
    }
    boost::system::error_code ec;
    const auto number = value->to_number<std::int64_t>(ec);
    if (ec || number < minimum || number > maximum) {
        return std::nullopt;
    }
    return number;
}

std::optional<std::string> text_field(const json::object& entry, std::string_view key) {
    const json::value* value = entry.if_contains(key);
    if (value == nullptr || !value->is_string()) {
        return std::nullopt;
    }
    return std::string(value->get_string());
}

}  // namespace

Reply Cluster::upsert_vms(const json::value& body, Clock::time_point now) {
    advance(now);
    const json::array* entries = nullptr;
    if (const auto* object = body.if_object()) {
        if (const auto* vms = object->if_contains("vms")) {
            entries = vms->if_array();
        }
    }
    if (entries == nullptr) {
        return Reply::parameter_error("vms", "expected {\"vms\": [ … ]}");
    }
    std::vector<Vm> incoming;
    incoming.reserve(entries->size());
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const std::string where = "entry " + std::to_string(i);
        const json::object* entry = (*entries)[i].if_object();
        if (entry == nullptr) {
            return Reply::parameter_error("vms", where + " is not an object");
        }
        Vm vm;
        const auto vmid = integer_field(*entry, "vmid", 100, 999999999);
        const auto node = text_field(*entry, "node");
        const auto name = text_field(*entry, "name");
        const auto cores = integer_field(*entry, "cores", 1, 512);
        const auto memory = integer_field(*entry, "memory_mib", 16, std::int64_t{1} << 32);
        const auto disk_gb = integer_field(*entry, "disk_gb", 1, std::int64_t{1} << 20);
        const auto status = text_field(*entry, "status");
        if (!vmid || !node || !name || !is_dns_name(*name) || !cores || !memory || !disk_gb || !status ||
            (*status != "running" && *status != "stopped")) {
            return Reply::parameter_error(
                "vms", where +
                           ": needs vmid (100-999999999), node, name (a DNS name), cores, memory_mib, disk_gb and "
                           "status running|stopped");
        }
        if (find_node(*node) == nullptr) {
            return Reply::parameter_error(
                "vms", where + " (vmid " + vmid_text(*vmid) + "): no such cluster node '" + *node + "'");
        }
        vm.vmid = *vmid;
        vm.node = *node;
        vm.name = *name;
        vm.cores = static_cast<int>(*cores);
        vm.memory_mib = *memory;
        vm.disk_bytes = *disk_gb * kGiB;
        vm.power = *status == "running" ? Power::kRunning : Power::kStopped;
        if (entry->contains("ipconfig0")) {
            const auto ipconfig = text_field(*entry, "ipconfig0");
            if (!ipconfig || !is_ipconfig(*ipconfig)) {
                return Reply::parameter_error("vms", where + " (vmid " + vmid_text(*vmid) + "): invalid ipconfig0");
            }
            vm.extra["ipconfig0"] = *ipconfig;
        }
        if (const Vm* existing = find_vm(vm.vmid)) {
            if (!existing->lock.empty()) {
                return locked(*existing);
            }
            if (existing->is_template) {
                return Reply::error(500, "VM " + vmid_text(vm.vmid) + " is a template; not replaced");
            }
        }
        incoming.push_back(std::move(vm));
    }
    std::int64_t created = 0;
    std::int64_t replaced = 0;
    for (Vm& vm : incoming) {
        const std::int64_t vmid = vm.vmid;
        const bool inserted = vms_.insert_or_assign(vmid, std::move(vm)).second;
        (inserted ? created : replaced) += 1;
    }
    changed();
    return Reply::ok(json::object{{"created", created}, {"replaced", replaced}});
}

Reply Cluster::next_id(const Params& params, Clock::time_point now) {
    advance(now);
    if (auto asked = params.find("vmid"); asked != params.end()) {
        const auto vmid = parse_int(asked->second);
        if (!vmid) {
            return Reply::parameter_error("vmid", "type check ('integer') failed - got '" + asked->second + "'");
        }
        if (vms_.contains(*vmid)) {
            return Reply::parameter_error("vmid", "VM " + vmid_text(*vmid) + " already exists");
        }
        return Reply::ok(json::string(vmid_text(*vmid)));
    }
    std::int64_t id = 100;
    for (auto found = vms_.lower_bound(id); found != vms_.end() && found->first == id; ++found) {
        ++id;
    }
    return Reply::ok(json::string(vmid_text(id)));
}

Reply Cluster::clone(const std::string& node, std::int64_t vmid, const Params& params, const std::string& user,
                     Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    if (auto unknown = unknown_param(params, {"newid", "name", "description", "pool", "snapname", "storage", "format",
                                              "full", "target", "bwlimit"})) {
        return Reply::parameter_error(*unknown, kNotInSchema);
    }
    std::map<std::string, std::string> errors;
    std::optional<std::int64_t> newid;
    if (auto given = params.find("newid"); given == params.end()) {
        errors["newid"] = "property is missing and it is not optional";
    } else if (newid = parse_int(given->second); !newid) {
        errors["newid"] = "type check ('integer') failed - got '" + given->second + "'";
    } else if (*newid < 100 || *newid > 999999999) {
        errors["newid"] = "invalid format - value does not look like a valid VM ID";
    }
    std::string name;
    if (auto given = params.find("name"); given != params.end()) {
        name = given->second;
        if (!is_dns_name(name)) {
            errors["name"] = "invalid format - value does not look like a valid DNS name";
        }
    }
    std::optional<bool> full;
    if (auto given = params.find("full"); given != params.end()) {
        full = parse_bool(given->second);
        if (!full) {
            errors["full"] = "type check ('boolean') failed - got '" + given->second + "'";
        }
    }
    std::string target = node;
    if (auto given = params.find("target"); given != params.end()) {
        target = given->second;
        if (find_node(target) == nullptr) {
            errors["target"] = "no such cluster node '" + target + "'";
        }
    }
    if (!errors.empty()) {
        return Reply::parameter_errors(std::move(errors));
    }
    if (auto fault = injected_fault(*newid)) {
        return *fault;
    }
    auto [source, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    if (vms_.contains(*newid)) {
        return Reply::error(500, "unable to create VM " + vmid_text(*newid) + ": config file already exists");
    }
    const bool full_clone = full.value_or(!source->is_template);
    if (auto storage = params.find("storage"); storage != params.end()) {
        if (!full_clone) {
            return Reply::error(500, "parameter 'storage' not allowed for linked clones");
        }
        if (storage->second != config_.storage) {
            return Reply::error(500, "storage '" + storage->second + "' does not exist");
        }
    }
    if (!source->lock.empty()) {
        return locked(*source);
    }
    Vm copy;
    copy.vmid = *newid;
    copy.node = target;
    copy.lock = "clone";
    copy.name = name.empty() ? "Copy-of-VM-" + source->name : name;
    copy.cores = source->cores;
    copy.memory_mib = source->memory_mib;
    copy.disk_bytes = source->disk_bytes;
    vms_[*newid] = copy;
    const std::string exitstatus =
        copy.name.starts_with("mock-fail-clone")
            ? "clone failed: can't lock file '/var/lock/pve-manager/pve-storage-" + config_.storage + "' - got timeout"
            : "OK";
    const std::string upid = start_task(node, TaskKind::kClone, *newid, vmid_text(vmid), user, now, exitstatus);
    return Reply::ok(json::string(upid));
}

std::string Cluster::config_digest(const Vm& vm) const {
    std::string text;
    for (const auto& [key, value] : config_json(vm)) {
        if (key != "digest") {
            text += std::string(key) + ": " + json::serialize(value) + "\n";
        }
    }
    return sha1_hex(text);
}

json::object Cluster::config_json(const Vm& vm) const {
    const std::string disk_prefix = vm.is_template ? "base-" : "vm-";
    char mac[32];
    std::snprintf(mac, sizeof mac, "BC:24:11:%02X:%02X:%02X", static_cast<unsigned>((vm.vmid >> 16) & 0xff),
                  static_cast<unsigned>((vm.vmid >> 8) & 0xff), static_cast<unsigned>(vm.vmid & 0xff));
    json::object config{
        {"name", vm.name},
        {"cores", vm.cores},
        {"sockets", 1},
        {"memory", std::to_string(vm.memory_mib)},  // a property string since PVE 8.1: "[current=]<MiB>"
        {"scsihw", "virtio-scsi-pci"},
        {"scsi0",
         config_.storage + ":" + disk_prefix + vmid_text(vm.vmid) + "-disk-0,size=" + size_text(vm.disk_bytes)},
        {"ide2", config_.storage + ":" + disk_prefix + vmid_text(vm.vmid) + "-cloudinit,media=cdrom"},
        {"net0", std::string("virtio=") + mac + ",bridge=vmbr0"},
        {"boot", "order=scsi0;net0"},
        {"ostype", "l26"},
        {"vmgenid", "00000000-0000-4000-8000-" +
                        std::string(12 - std::min<std::size_t>(12, vmid_text(vm.vmid).size()), '0') +
                        vmid_text(vm.vmid)},
    };
    for (const auto& [key, value] : vm.extra) {
        config[key] = key == "sshkeys" ? url_encode(value) : value;  // stored encoded on a real node, too
    }
    if (vm.is_template) {
        config["template"] = 1;
    }
    if (!vm.lock.empty()) {
        config["lock"] = vm.lock;
    }
    return config;
}

Reply Cluster::get_config(const std::string& node, std::int64_t vmid, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    auto [vm, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    json::object config = config_json(*vm);
    config["digest"] = config_digest(*vm);
    return Reply::ok(std::move(config));
}

Reply Cluster::update_config(const std::string& node, std::int64_t vmid, const Params& params, bool async,
                             const std::string& user, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    if (auto unknown = unknown_param(params, {"name",        "cores",
                                              "sockets",     "memory",
                                              "cpu",         "ciuser",
                                              "cipassword",  "citype",
                                              "sshkeys",     "ipconfig0",
                                              "nameserver",  "searchdomain",
                                              "description", "onboot",
                                              "agent",       "net0",
                                              "tags",        "boot",
                                              "delete",      "digest",
                                              "skiplock",    "background_delay"})) {
        return Reply::parameter_error(*unknown, kNotInSchema);
    }
    std::map<std::string, std::string> errors;
    std::optional<std::int64_t> cores, memory;
    std::optional<std::string> sshkeys;
    for (const auto& [key, value] : params) {
        if (key == "cores" || key == "sockets" || key == "memory" || key == "background_delay") {
            const auto number = parse_int(value);
            const std::int64_t minimum = key == "memory" ? 16 : 1;
            if (!number) {
                errors[key] = "type check ('integer') failed - got '" + value + "'";
            } else if (*number < minimum) {
                errors[key] = "value must have a minimum value of " + std::to_string(minimum);
            } else if (key == "cores") {
                cores = number;
            } else if (key == "memory") {
                memory = number;
            }
        } else if (key == "name" && !is_dns_name(value)) {
            errors[key] = "invalid format - value does not look like a valid DNS name";
        } else if (key == "sshkeys") {
            sshkeys = is_urlencoded(value) ? url_decode(value) : std::nullopt;
            if (!sshkeys) {
                errors[key] = "invalid urlencoded string: " + value;
            }
        } else if (key == "ipconfig0" && !is_ipconfig(value)) {
            errors[key] = "invalid format - format error";
        } else if (key == "skiplock") {
            errors[key] = "Only root may use this option.";
        }
    }
    if (!errors.empty()) {
        return Reply::parameter_errors(std::move(errors));
    }
    const bool has_change = std::any_of(params.begin(), params.end(), [](const auto& entry) {
        return entry.first != "digest" && entry.first != "background_delay";
    });
    if (!has_change) {
        return Reply::error(500, "no options specified");
    }
    if (auto fault = injected_fault(vmid)) {
        return *fault;
    }
    auto [vm, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    if (!vm->lock.empty()) {
        return locked(*vm);
    }
    if (auto digest = params.find("digest"); digest != params.end() && digest->second != config_digest(*vm)) {
        return Reply::error(500, "detected modified configuration - file changed by other user? Try again.");
    }
    for (const auto& [key, value] : params) {
        if (key == "name") {
            vm->name = value;
        } else if (key == "cores") {
            vm->cores = static_cast<int>(*cores);
        } else if (key == "memory") {
            vm->memory_mib = *memory;
        } else if (key == "sshkeys") {
            vm->extra[key] = *sshkeys;
        } else if (key == "delete") {
            std::size_t start = 0;
            while (start <= value.size()) {
                const auto comma = std::min(value.find_first_of(",; ", start), value.size());
                vm->extra.erase(value.substr(start, comma - start));
                start = comma + 1;
            }
        } else if (key != "digest" && key != "background_delay" && key != "sockets") {
            vm->extra[key] = value;
        }
    }
    changed();
    if (!async) {
        return Reply::ok(nullptr);
    }
    const std::string upid = start_task(node, TaskKind::kConfig, vmid, vmid_text(vmid), user, now, "OK");
    return Reply::ok(json::string(upid));
}

Reply Cluster::resize(const std::string& node, std::int64_t vmid, const Params& params, const std::string& user,
                      Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    if (auto unknown = unknown_param(params, {"disk", "size", "digest", "skiplock"})) {
        return Reply::parameter_error(*unknown, kNotInSchema);
    }
    std::map<std::string, std::string> errors;
    const auto disk = params.find("disk");
    if (disk == params.end()) {
        errors["disk"] = "property is missing and it is not optional";
    }
    std::optional<SizeSpec> size;
    if (auto given = params.find("size"); given == params.end()) {
        errors["size"] = "property is missing and it is not optional";
    } else if (size = parse_size(given->second); !size) {
        errors["size"] = "value does not match the regex pattern";
    }
    if (params.contains("skiplock")) {
        errors["skiplock"] = "Only root may use this option.";
    }
    if (!errors.empty()) {
        return Reply::parameter_errors(std::move(errors));
    }
    if (auto fault = injected_fault(vmid)) {
        return *fault;
    }
    auto [vm, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    if (!vm->lock.empty()) {
        return locked(*vm);
    }
    if (disk->second != "scsi0") {
        return Reply::error(500, "disk '" + disk->second + "' does not exist");
    }
    const std::int64_t new_bytes = size->relative ? vm->disk_bytes + size->bytes : size->bytes;
    if (new_bytes < vm->disk_bytes) {
        return Reply::error(500, "shrinking disks is not supported");
    }
    const std::string upid = start_task(node, TaskKind::kResize, vmid, vmid_text(vmid), user, now, "OK", new_bytes);
    return Reply::ok(json::string(upid));
}

Reply Cluster::power(const std::string& node, std::int64_t vmid, const std::string& action, const Params& params,
                     const std::string& user, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    std::optional<TaskKind> kind;
    for (auto [name, candidate] : {std::pair{"start", TaskKind::kStart}, std::pair{"stop", TaskKind::kStop},
                                   std::pair{"shutdown", TaskKind::kShutdown}, std::pair{"reboot", TaskKind::kReboot},
                                   std::pair{"suspend", TaskKind::kSuspend}, std::pair{"resume", TaskKind::kResume}}) {
        kind = action == name ? std::optional(candidate) : kind;
    }
    if (!kind) {
        return Reply::error(501, "Method 'POST /nodes/" + node + "/qemu/" + vmid_text(vmid) + "/status/" + action +
                                     "' not implemented");
    }
    if (params.contains("skiplock")) {
        return Reply::parameter_error("skiplock", "Only root may use this option.");
    }
    if (auto fault = injected_fault(vmid)) {
        return *fault;
    }
    auto [vm, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    if (!vm->lock.empty()) {
        return locked(*vm);
    }
    const std::string not_running = "VM " + vmid_text(vmid) + " not running";
    std::string exitstatus = "OK";
    switch (*kind) {
        case TaskKind::kStart:
            if (vm->is_template) {
                return Reply::error(500, "you can't start a vm if it's a template");
            }
            if (vm->name.starts_with("mock-fail-start")) {
                exitstatus = "start failed: QEMU exited with code 1";
            }
            break;
        case TaskKind::kReboot:
        case TaskKind::kSuspend:
        case TaskKind::kResume:
            if (vm->power == Power::kStopped) {
                return Reply::error(500, not_running);
            }
            break;
        case TaskKind::kStop:
        case TaskKind::kShutdown:
        case TaskKind::kClone:
        case TaskKind::kConfig:
        case TaskKind::kResize:
        case TaskKind::kDestroy: break;
    }
    const std::string upid = start_task(node, *kind, vmid, vmid_text(vmid), user, now, exitstatus);
    return Reply::ok(json::string(upid));
}

Reply Cluster::current_status(const std::string& node, std::int64_t vmid, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    auto [vm, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    json::object status{{"vmid", vmid},
                        {"name", vm->name},
                        {"status", vm->power == Power::kStopped ? "stopped" : "running"},
                        {"qmpstatus", power_text(vm->power)},
                        {"cpus", vm->cores},
                        {"maxmem", vm->memory_mib * kMiB},
                        {"maxdisk", vm->disk_bytes},
                        {"mem", vm->power == Power::kStopped ? 0 : vm->memory_mib * kMiB / 2},
                        {"cpu", 0},
                        {"uptime", 0},
                        {"ha", json::object{{"managed", 0}}}};
    if (vm->is_template) {
        status["template"] = 1;
    }
    if (!vm->lock.empty()) {
        status["lock"] = vm->lock;
    }
    return Reply::ok(std::move(status));
}

Reply Cluster::destroy(const std::string& node, std::int64_t vmid, const Params& params, const std::string& user,
                       Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    if (auto unknown = unknown_param(params, {"purge", "destroy-unreferenced-disks", "skiplock"})) {
        return Reply::parameter_error(*unknown, kNotInSchema);
    }
    if (params.contains("skiplock")) {
        return Reply::parameter_error("skiplock", "Only root may use this option.");
    }
    if (auto fault = injected_fault(vmid)) {
        return *fault;
    }
    auto [vm, missing] = vm_on(node, vmid);
    if (missing) {
        return *missing;
    }
    if (!vm->lock.empty()) {
        return locked(*vm);
    }
    if (vm->power != Power::kStopped) {
        return Reply::error(500, "VM " + vmid_text(vmid) + " is running - destroy failed");
    }
    vm->lock = "destroyed";
    changed();
    const std::string upid = start_task(node, TaskKind::kDestroy, vmid, vmid_text(vmid), user, now, "OK");
    return Reply::ok(json::string(upid));
}

Reply Cluster::task_status(const std::string& node, const std::string& upid, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    const auto owner = upid_node(upid);
    if (!owner) {
        return Reply::parameter_error("upid", "unable to parse worker upid '" + upid + "'");
    }
    const SimTask* task = find_task(upid);
    if (*owner != node || task == nullptr) {
        return Reply::error(500, "no such task");
    }
    json::object status{
        {"upid", task->upid},     {"node", task->node},           {"pid", task->pid},
        {"pstart", task->pstart}, {"starttime", task->starttime}, {"type", task_type(task->kind)},
        {"id", task->id},         {"user", task->user},           {"status", task->finished ? "stopped" : "running"}};
    if (task->finished) {
        status["exitstatus"] = task->exitstatus;
    }
    return Reply::ok(std::move(status));
}

Reply Cluster::task_log(const std::string& node, const std::string& upid, Clock::time_point now) {
    advance(now);
    if (auto refused = route_to_node(node)) {
        return *refused;
    }
    const auto owner = upid_node(upid);
    if (!owner) {
        return Reply::parameter_error("upid", "unable to parse worker upid '" + upid + "'");
    }
    const SimTask* task = find_task(upid);
    if (*owner != node || task == nullptr) {
        return Reply::error(500, "no such task");
    }
    std::vector<std::string> lines;
    switch (task->kind) {
        case TaskKind::kClone:
            lines.push_back("create full clone of drive scsi0 (" + config_.storage + ":base-" + task->id + "-disk-0)");
            break;
        case TaskKind::kStart: lines.push_back("generating cloud-init ISO"); break;
        case TaskKind::kResize: lines.push_back("  Size of logical volume changed."); break;
        case TaskKind::kDestroy:
            lines.push_back("  Logical volume \"vm-" + vmid_text(task->vmid) + "-disk-0\" successfully removed.");
            break;
        case TaskKind::kConfig:
        case TaskKind::kStop:
        case TaskKind::kShutdown:
        case TaskKind::kReboot:
        case TaskKind::kSuspend:
        case TaskKind::kResume: break;
    }
    if (task->finished) {
        lines.push_back(task->exitstatus == "OK" ? "TASK OK" : "TASK ERROR: " + task->exitstatus);
    }
    json::array log;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        log.push_back(json::object{{"n", i + 1}, {"t", lines[i]}});
    }
    return Reply::ok(std::move(log));
}

json::value Cluster::to_json() const {
    json::object nodes;
    for (const auto& node : nodes_) {
        nodes[node.name] = json::object{{"online", node.online}};
    }
    json::array vms;
    for (const auto& [vmid, vm] : vms_) {
        json::object extra;
        for (const auto& [key, value] : vm.extra) {
            extra[key] = value;
        }
        vms.push_back(json::object{{"vmid", vm.vmid},
                                   {"node", vm.node},
                                   {"template", vm.is_template},
                                   {"power", power_text(vm.power)},
                                   {"lock", vm.lock},
                                   {"name", vm.name},
                                   {"cores", vm.cores},
                                   {"memory_mib", vm.memory_mib},
                                   {"disk_bytes", vm.disk_bytes},
                                   {"extra", std::move(extra)}});
    }
    json::array tasks;
    const auto add_task = [&](const std::string& upid) {
        const SimTask* task = find_task(upid);
        if (task == nullptr) {
            return;
        }
        tasks.push_back(json::object{{"upid", task->upid},
                                     {"node", task->node},
                                     {"type", task_type(task->kind)},
                                     {"vmid", task->vmid},
                                     {"id", task->id},
                                     {"user", task->user},
                                     {"pid", task->pid},
                                     {"pstart", task->pstart},
                                     {"starttime", task->starttime},
                                     {"ends_at_ms", to_ms(task->ends_at)},
                                     {"exitstatus", task->exitstatus},
                                     {"finished", task->finished},
                                     {"resize_to_bytes", task->resize_to_bytes}});
    };
    const std::size_t skipped = finished_.size() > kSavedTaskHistory ? finished_.size() - kSavedTaskHistory : 0;
    for (auto upid = finished_.begin() + static_cast<std::ptrdiff_t>(skipped); upid != finished_.end(); ++upid) {
        add_task(*upid);
    }
    for (const auto& [ends_at, upid] : running_) {
        add_task(upid);
    }
    return json::object{{"cluster", config_.cluster},
                        {"next_pid", next_pid_},
                        {"nodes", std::move(nodes)},
                        {"vms", std::move(vms)},
                        {"tasks", std::move(tasks)}};
}

void Cluster::restore(const json::value& state) {
    const auto& root = state.as_object();
    if (const auto* nodes = root.if_contains("nodes")) {
        for (const auto& [name, entry] : nodes->as_object()) {
            if (Node* node = find_node(std::string(name))) {
                node->online = entry.as_object().at("online").as_bool();
            }
        }
    }
    if (const auto* next_pid = root.if_contains("next_pid")) {
        next_pid_ = json::value_to<std::uint32_t>(*next_pid);
    }
    if (const auto* vms = root.if_contains("vms")) {
        for (const auto& entry : vms->as_array()) {
            const auto& object = entry.as_object();
            Vm vm;
            vm.vmid = object.at("vmid").to_number<std::int64_t>();
            vm.node = json::value_to<std::string>(object.at("node"));
            vm.is_template = object.at("template").as_bool();
            vm.power = parse_power(object.at("power").as_string()).value_or(Power::kStopped);
            vm.lock = json::value_to<std::string>(object.at("lock"));
            vm.name = json::value_to<std::string>(object.at("name"));
            vm.cores = object.at("cores").to_number<int>();
            vm.memory_mib = object.at("memory_mib").to_number<std::int64_t>();
            vm.disk_bytes = object.at("disk_bytes").to_number<std::int64_t>();
            for (const auto& [key, value] : object.at("extra").as_object()) {
                vm.extra[std::string(key)] = json::value_to<std::string>(value);
            }
            vms_[vm.vmid] = std::move(vm);
        }
    }
    if (const auto* tasks = root.if_contains("tasks")) {
        for (const auto& entry : tasks->as_array()) {
            const auto& object = entry.as_object();
            const auto kind = parse_task_type(object.at("type").as_string());
            if (!kind) {
                continue;
            }
            SimTask task;
            task.upid = json::value_to<std::string>(object.at("upid"));
            task.node = json::value_to<std::string>(object.at("node"));
            task.kind = *kind;
            task.vmid = object.at("vmid").to_number<std::int64_t>();
            task.id = json::value_to<std::string>(object.at("id"));
            task.user = json::value_to<std::string>(object.at("user"));
            task.pid = object.at("pid").to_number<std::uint32_t>();
            task.pstart = object.at("pstart").to_number<std::uint64_t>();
            task.starttime = object.at("starttime").to_number<std::int64_t>();
            task.ends_at = from_ms(object.at("ends_at_ms").to_number<std::int64_t>());
            task.exitstatus = json::value_to<std::string>(object.at("exitstatus"));
            task.finished = object.at("finished").as_bool();
            task.resize_to_bytes = object.at("resize_to_bytes").to_number<std::int64_t>();
            if (task.finished) {
                finished_.push_back(task.upid);
            } else {
                running_.emplace(task.ends_at, task.upid);
            }
            tasks_[task.upid] = std::move(task);
        }
    }
    changed();
}

}  // namespace keel::pve_sim
