#include "provisioning/pve/pve_response.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/text.hpp"
#include "provisioning/proxmox_error.hpp"

namespace keel::provisioning {

namespace json = boost::json;

namespace {

bool is_success(int status) {
    return status >= 200 && status < 300;
}

std::string_view without_trailing(std::string_view text, std::string_view chars) {
    while (!text.empty() && chars.find(text.back()) != std::string_view::npos) {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<json::value> parse_body(std::string_view body) {
    boost::system::error_code ec;
    auto value = json::parse(body, ec);
    if (ec) {
        return std::nullopt;
    }
    return value;
}

std::string string_field(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return {};
    }
    if (value->is_string()) {
        return std::string(value->get_string());
    }
    return {};
}

// PVE's JSON carries numbers as numbers, and now and then as strings ("2048", "current=2048").
std::optional<std::int64_t> number_field(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->get_int64();
    }
    if (value->is_uint64()) {
        return static_cast<std::int64_t>(value->get_uint64());
    }
    if (value->is_double()) {
        return static_cast<std::int64_t>(std::llround(value->get_double()));
    }
    if (value->is_string()) {
        std::string_view text = value->get_string();
        if (text.starts_with("current=")) {
            text.remove_prefix(std::string_view("current=").size());
        }
        std::int64_t number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec == std::errc{} && (end == text.data() + text.size() || *end == ',')) {
            return number;
        }
    }
    return std::nullopt;
}

std::unexpected<Error> malformed(std::string_view cluster, std::string_view what) {
    return fail(ErrorCode::kUpstreamFailed,
                "cluster " + std::string(cluster) + " answered " + std::string(what) + " in an unexpected shape");
}

// The `data` of a 2xx answer, or the error the answer means.
Result<json::value> data_of(std::string_view cluster, const PveAnswer& answer, std::string_view what) {
    if (!is_success(answer.status)) {
        return std::unexpected(pve_answer_error(cluster, answer));
    }
    auto body = parse_body(answer.body);
    if (!body || !body->is_object() || !body->as_object().contains("data")) {
        return malformed(cluster, what);
    }
    return body->as_object().at("data");
}

}  // namespace

Error pve_answer_error(std::string_view cluster, const PveAnswer& answer) {
    std::string text(trim_blanks(answer.reason));
    std::string fields;
    if (auto body = parse_body(answer.body); body && body->is_object()) {
        const auto& object = body->as_object();
        if (auto message = string_field(object, "message"); !trim_blanks(without_trailing(message, "\r\n")).empty()) {
            text = std::string(trim_blanks(without_trailing(message, "\r\n")));
        }
        if (const auto* errors = object.if_contains("errors"); errors != nullptr && errors->is_object()) {
            for (const auto& [key, value] : errors->as_object()) {
                fields += fields.empty() ? "" : "; ";
                fields += std::string(key);
                fields += ": ";
                fields += value.is_string() ? std::string(without_trailing(value.get_string(), "\r\n"))
                                            : json::serialize(value);
            }
        }
    }
    if (!fields.empty()) {
        text = std::string(without_trailing(text, ". ")) + ": " + fields;
    }
    auto error = proxmox_error(answer.status, text);
    if (answer.status == 401 || answer.status == 403) {
        // Permanent either way; told apart so a caller checking a token (whmcs-migrate) can say which it was.
        error.code = answer.status == 401 ? ErrorCode::kUnauthenticated : ErrorCode::kForbidden;
        error.detail = "cluster " + std::string(cluster) + " refused the API token (" + error.detail + ")";
    }
    return error;
}

Result<std::string> parse_version(std::string_view cluster, const PveAnswer& answer) {
    auto data = data_of(cluster, answer, "GET /version");
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!data->is_object() || string_field(data->as_object(), "version").empty()) {
        return malformed(cluster, "GET /version");
    }
    return string_field(data->as_object(), "version");
}

Result<std::vector<NodeResource>> parse_node_resources(std::string_view cluster, const PveAnswer& answer) {
    auto data = data_of(cluster, answer, "GET /cluster/resources");
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!data->is_array()) {
        return malformed(cluster, "GET /cluster/resources");
    }
    std::vector<NodeResource> nodes;
    for (const auto& entry : data->as_array()) {
        if (!entry.is_object() || string_field(entry.as_object(), "type") != "node") {
            continue;
        }
        const auto& object = entry.as_object();
        NodeResource node;
        node.node = string_field(object, "node");
        if (node.node.empty()) {
            continue;
        }
        node.online = string_field(object, "status") == "online";
        node.max_memory = number_field(object, "maxmem").value_or(0);
        node.used_memory = number_field(object, "mem").value_or(0);
        node.max_cpu = static_cast<int>(number_field(object, "maxcpu").value_or(0));
        nodes.push_back(std::move(node));
    }
    return nodes;
}

namespace {

// GET /cluster/resources?type=vm read as a stream (Boost.JSON's SAX parser), straight into VmResources: a cluster
// of 64k VMs answers ~8 MB, whose DOM would take ~50 MB more than the VMs themselves (whmcs-migrate reads it).
class VmResourceHandler {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    std::vector<VmResource> vms;
    bool saw_data_array = false;

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) {
        ++depth_;
        if (in_entry()) {
            entry_ = Entry{};
        }
        return true;
    }
    bool on_object_end(std::size_t, boost::system::error_code&) {
        if (in_entry()) {
            finish_entry();
        }
        --depth_;
        return true;
    }
    bool on_array_begin(boost::system::error_code&) {
        ++depth_;
        if (depth_ == kDataDepth && key_ == "data") {
            data_array_ = true;
            saw_data_array = true;
        }
        return true;
    }
    bool on_array_end(std::size_t, boost::system::error_code&) {
        if (depth_ == kDataDepth) {
            data_array_ = false;
        }
        --depth_;
        return true;
    }
    bool on_key_part(boost::json::string_view part, std::size_t, boost::system::error_code&) {
        partial_.append(part.data(), part.size());
        return true;
    }
    bool on_key(boost::json::string_view part, std::size_t, boost::system::error_code&) {
        key_ = take(part);
        return true;
    }
    bool on_string_part(boost::json::string_view part, std::size_t, boost::system::error_code&) {
        partial_.append(part.data(), part.size());
        return true;
    }
    bool on_string(boost::json::string_view part, std::size_t, boost::system::error_code&) {
        auto text = take(part);
        if (in_field()) {
            string_field(std::move(text));
        }
        return true;
    }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t value, boost::json::string_view, boost::system::error_code&) {
        number(value);
        return true;
    }
    bool on_uint64(std::uint64_t value, boost::json::string_view, boost::system::error_code&) {
        number(static_cast<std::int64_t>(value));
        return true;
    }
    bool on_double(double value, boost::json::string_view, boost::system::error_code&) {
        number(static_cast<std::int64_t>(std::llround(value)));
        return true;
    }
    bool on_bool(bool, boost::system::error_code&) { return true; }
    bool on_null(boost::system::error_code&) { return true; }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

private:
    // {"data": [ {entry}, … ]}: the root object is depth 1, the array 2, an entry 3.
    static constexpr int kDataDepth = 2;
    static constexpr int kEntryDepth = 3;

    struct Entry {
        std::string type;
        VmResource vm;
        std::int64_t is_template = 0;
    };

    bool in_entry() const { return data_array_ && depth_ == kEntryDepth; }
    bool in_field() const { return in_entry(); }

    std::string take(boost::json::string_view last) {
        partial_.append(last.data(), last.size());
        std::string whole = std::move(partial_);
        partial_.clear();
        return whole;
    }

    void string_field(std::string text) {
        if (key_ == "type") {
            entry_.type = std::move(text);
        } else if (key_ == "node") {
            entry_.vm.node = std::move(text);
        } else if (key_ == "name") {
            entry_.vm.name = std::move(text);
        } else if (key_ == "status") {
            entry_.vm.status = std::move(text);
        } else if (key_ == "lock") {
            entry_.vm.lock = std::move(text);
        } else {
            // PVE's JSON carries numbers as numbers, and now and then as strings ("2048").
            std::int64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc{} && end == text.data() + text.size()) {
                number(value);
            }
        }
    }

    void number(std::int64_t value) {
        if (!in_field()) {
            return;
        }
        if (key_ == "vmid") {
            entry_.vm.vmid = value;
        } else if (key_ == "template") {
            entry_.is_template = value;
        } else if (key_ == "maxcpu") {
            entry_.vm.max_cpu = static_cast<int>(value);
        } else if (key_ == "maxmem") {
            entry_.vm.max_memory = value;
        } else if (key_ == "maxdisk") {
            entry_.vm.max_disk = value;
        }
    }

    void finish_entry() {
        if (entry_.type != "qemu" || entry_.vm.vmid <= 0 || entry_.vm.node.empty()) {
            return;
        }
        entry_.vm.is_template = entry_.is_template != 0;
        vms.push_back(std::move(entry_.vm));
    }

    int depth_ = 0;
    bool data_array_ = false;
    std::string key_;
    std::string partial_;
    Entry entry_;
};

}  // namespace

Result<std::vector<VmResource>> parse_vm_resources(std::string_view cluster, const PveAnswer& answer) {
    if (!is_success(answer.status)) {
        return std::unexpected(pve_answer_error(cluster, answer));
    }
    json::basic_parser<VmResourceHandler> parser(json::parse_options{});
    boost::system::error_code ec;
    parser.write_some(false, answer.body.data(), answer.body.size(), ec);
    if (ec || !parser.handler().saw_data_array) {
        return malformed(cluster, "GET /cluster/resources");
    }
    return std::move(parser.handler().vms);
}

Result<std::string> parse_upid(std::string_view cluster, const PveAnswer& answer) {
    auto data = data_of(cluster, answer, "a task's id");
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!data->is_string() || !data->get_string().starts_with("UPID:")) {
        return malformed(cluster, "a task's id");
    }
    return std::string(data->get_string());
}

Result<VmStatus> parse_vm_status(std::string_view cluster, const PveAnswer& current, const PveAnswer& config) {
    auto state = data_of(cluster, current, "GET …/status/current");
    if (!state && state.error().code == ErrorCode::kNotFound) {
        return VmStatus{};
    }
    if (!state) {
        return std::unexpected(state.error());
    }
    auto settings = data_of(cluster, config, "GET …/config");
    if (!settings && settings.error().code == ErrorCode::kNotFound) {
        return VmStatus{};  // destroyed between the two calls
    }
    if (!settings) {
        return std::unexpected(settings.error());
    }
    if (!state->is_object() || !settings->is_object()) {
        return malformed(cluster, "a VM's status");
    }
    const auto& now = state->as_object();
    const auto& conf = settings->as_object();
    VmStatus status;
    status.exists = true;
    status.name = string_field(now, "name");
    if (status.name.empty()) {
        status.name = string_field(conf, "name");
    }
    status.status = string_field(now, "status");
    if (string_field(now, "qmpstatus") == "paused") {
        status.status = "paused";
    }
    status.lock = string_field(now, "lock");
    if (status.lock.empty()) {
        status.lock = string_field(conf, "lock");
    }
    status.cores = static_cast<int>(number_field(conf, "cores").value_or(1));         // PVE's default is 1
    status.memory_mb = static_cast<int>(number_field(conf, "memory").value_or(512));  // and 512 MiB
    status.disk_gb = drive_size_gb(string_field(conf, "scsi0")).value_or(0);
    if (auto ipconfig = string_field(conf, "ipconfig0"); !ipconfig.empty()) {
        status.ipconfig0 = std::move(ipconfig);
    }
    return status;
}

Result<TaskStatus> parse_task_status(std::string_view cluster, const PveAnswer& answer) {
    auto data = data_of(cluster, answer, "a task's status");
    if (!data) {
        return std::unexpected(data.error());
    }
    if (!data->is_object() || string_field(data->as_object(), "status").empty()) {
        return malformed(cluster, "a task's status");
    }
    TaskStatus task;
    task.running = string_field(data->as_object(), "status") != "stopped";
    task.exitstatus = string_field(data->as_object(), "exitstatus");
    return task;
}

std::optional<int> drive_size_gb(std::string_view drive) {
    std::size_t start = 0;
    while (start <= drive.size()) {
        auto end = drive.find(',', start);
        if (end == std::string_view::npos) {
            end = drive.size();
        }
        const auto option = drive.substr(start, end - start);
        if (option.starts_with("size=")) {
            const auto text = option.substr(5);
            std::uint64_t number = 0;
            const auto [unit, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
            if (ec != std::errc{} || unit == text.data()) {
                return std::nullopt;
            }
            const std::string_view suffix(unit, text.data() + text.size() - unit);
            std::uint64_t bytes = 0;
            if (suffix.empty()) {
                bytes = number;
            } else if (suffix == "K") {
                bytes = number << 10;
            } else if (suffix == "M") {
                bytes = number << 20;
            } else if (suffix == "G") {
                bytes = number << 30;
            } else if (suffix == "T") {
                bytes = number << 40;
            } else {
                return std::nullopt;
            }
            return static_cast<int>(bytes >> 30);
        }
        start = end + 1;
    }
    return std::nullopt;
}

}  // namespace keel::provisioning
