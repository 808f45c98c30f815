#include "provisioning/pve/pve_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "provisioning/pve/pve_connection_pool.hpp"

namespace keel::provisioning {

namespace asio = boost::asio;

namespace {

std::string host_header(const PveEndpoint& endpoint) {
    const bool ipv6 = endpoint.host.find(':') != std::string::npos;
    std::string host = ipv6 ? "[" + endpoint.host + "]" : endpoint.host;
    return host + ":" + std::to_string(endpoint.port);
}

Task<Result<PveAnswer>> exchange_on_strand(std::shared_ptr<PveConnectionPool> pool, PveRequest request) {
    co_return co_await pool->exchange(std::move(request));
}

}  // namespace

Result<std::unique_ptr<PveClient>> PveClient::create(asio::any_io_executor executor, PveClusterSettings settings,
                                                     PveClientOptions options) {
    if (settings.cluster.empty()) {
        return fail(ErrorCode::kInvalidArgument, "a Proxmox VE cluster needs a name");
    }
    auto endpoint = parse_pve_url(settings.url);
    if (!endpoint) {
        return std::unexpected(endpoint.error());
    }
    if (auto token = check_token_id(settings.token_id); !token) {
        return std::unexpected(token.error());
    }
    if (settings.token_secret.empty()) {
        return fail(ErrorCode::kInvalidArgument, "cluster " + settings.cluster + ": the API token secret is empty");
    }
    auto tls = PveTls::make(settings.trust);
    if (!tls) {
        auto error = tls.error();
        error.detail = "cluster " + settings.cluster + ": " + error.detail;
        return std::unexpected(error);
    }
    PveTarget target{settings.cluster, *endpoint, host_header(*endpoint)};
    auto pool = std::make_shared<PveConnectionPool>(
        std::move(target), std::move(*tls), pve_token_authorization(settings.token_id, settings.token_secret.reveal()),
        options);
    return std::unique_ptr<PveClient>(
        new PveClient(std::move(executor), settings.cluster, PveRequests(endpoint->path_prefix), std::move(pool)));
}

PveClient::PveClient(asio::any_io_executor executor, std::string cluster, PveRequests requests,
                     std::shared_ptr<PveConnectionPool> pool)
    : strand_(asio::make_strand(std::move(executor))),
      cluster_(std::move(cluster)),
      requests_(std::move(requests)),
      pool_(std::move(pool)) {}

PveClient::~PveClient() = default;

std::uint64_t PveClient::handshakes() const {
    return pool_->handshakes();
}
std::uint64_t PveClient::requests() const {
    return pool_->requests();
}

Task<Result<PveAnswer>> PveClient::send(PveRequest request) {
    // The pool's state and sockets belong to the strand; the caller's coroutine resumes on its own executor.
    auto on_strand = exchange_on_strand(pool_, std::move(request));
    co_return co_await asio::co_spawn(strand_, std::move(on_strand), asio::use_awaitable);
}

Task<Result<std::string>> PveClient::version() {
    auto answer = co_await send(requests_.version());
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_version(cluster_, *answer);
}

Task<Result<std::vector<NodeResource>>> PveClient::nodes() {
    auto answer = co_await send(requests_.cluster_resources("node"));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_node_resources(cluster_, *answer);
}

Task<Result<std::vector<VmResource>>> PveClient::vms() {
    auto answer = co_await send(requests_.cluster_resources("vm"));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_vm_resources(cluster_, *answer);
}

Task<Result<std::string>> PveClient::clone(std::string node, std::int64_t template_vmid, CloneRequest request) {
    auto answer = co_await send(requests_.clone(node, template_vmid, request));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_upid(cluster_, *answer);
}

Task<Result<std::string>> PveClient::configure(std::string node, std::int64_t vmid, VmConfigUpdate config) {
    auto answer = co_await send(requests_.configure(node, vmid, config));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_upid(cluster_, *answer);
}

Task<Result<std::string>> PveClient::resize_disk(std::string node, std::int64_t vmid, int size_gb) {
    auto answer = co_await send(requests_.resize_disk(node, vmid, size_gb));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_upid(cluster_, *answer);
}

Task<Result<std::string>> PveClient::power(std::string node, std::int64_t vmid, PowerAction action) {
    auto answer = co_await send(requests_.power(node, vmid, action));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_upid(cluster_, *answer);
}

Task<Result<std::string>> PveClient::destroy(std::string node, std::int64_t vmid) {
    auto answer = co_await send(requests_.destroy(node, vmid));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_upid(cluster_, *answer);
}

Task<Result<VmStatus>> PveClient::vm_status(std::string node, std::int64_t vmid) {
    auto current = co_await send(requests_.vm_current(node, vmid));
    if (!current) {
        co_return std::unexpected(current.error());
    }
    if (current->status < 200 || current->status >= 300) {
        co_return parse_vm_status(cluster_, *current, PveAnswer{});  // not found → exists=false; else its error
    }
    auto config = co_await send(requests_.vm_config(node, vmid));
    if (!config) {
        co_return std::unexpected(config.error());
    }
    co_return parse_vm_status(cluster_, *current, *config);
}

Task<Result<TaskStatus>> PveClient::task_status(std::string upid) {
    auto request = requests_.task_status(upid);
    if (!request) {
        co_return std::unexpected(request.error());
    }
    auto answer = co_await send(std::move(*request));
    if (!answer) {
        co_return std::unexpected(answer.error());
    }
    co_return parse_task_status(cluster_, *answer);
}

}  // namespace keel::provisioning
