#pragma once
// ProxmoxClient over HTTPS: one PveClient per cluster, speaking the PVE API with an API token over verified TLS
// (a CA bundle or a pinned certificate; there is no "insecure" switch), on a small pool of keep-alive connections.
// Safe to call from several coroutines on several threads: the connections live on the client's own strand.
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "provisioning/proxmox_client.hpp"
#include "provisioning/pve/pve_request.hpp"
#include "provisioning/pve/pve_response.hpp"
#include "provisioning/pve/pve_settings.hpp"

namespace keel::provisioning {

class PveConnectionPool;

class PveClient final : public ProxmoxClient {
public:
    // Checks the URL, the token id and the trust (CA PEM or fingerprint); opens no connection yet.
    static Result<std::unique_ptr<PveClient>> create(boost::asio::any_io_executor executor, PveClusterSettings settings,
                                                     PveClientOptions options = {});
    ~PveClient() override;
    PveClient(const PveClient&) = delete;
    PveClient& operator=(const PveClient&) = delete;

    Task<Result<std::vector<NodeResource>>> nodes() override;
    Task<Result<std::vector<VmResource>>> vms() override;
    Task<Result<std::string>> clone(std::string node, std::int64_t template_vmid, CloneRequest request) override;
    Task<Result<std::string>> configure(std::string node, std::int64_t vmid, VmConfigUpdate config) override;
    Task<Result<std::string>> resize_disk(std::string node, std::int64_t vmid, int size_gb) override;
    Task<Result<std::string>> power(std::string node, std::int64_t vmid, PowerAction action) override;
    Task<Result<std::string>> destroy(std::string node, std::int64_t vmid) override;
    Task<Result<VmStatus>> vm_status(std::string node, std::int64_t vmid) override;
    Task<Result<TaskStatus>> task_status(std::string upid) override;

    // GET /version → "8.2.4": proves the URL, the trust and the token.
    Task<Result<std::string>> version();

    const std::string& cluster() const { return cluster_; }
    std::uint64_t handshakes() const;  // TLS handshakes completed: ≈ connections opened
    std::uint64_t requests() const;    // requests sent

private:
    PveClient(boost::asio::any_io_executor executor, std::string cluster, PveRequests requests,
              std::shared_ptr<PveConnectionPool> pool);
    Task<Result<PveAnswer>> send(PveRequest request);

    boost::asio::any_io_executor strand_;
    std::string cluster_;
    PveRequests requests_;
    std::shared_ptr<PveConnectionPool> pool_;  // shared with requests in flight
};

}  // namespace keel::provisioning
