#pragma once
// The datacenters of Keel's clusters table, each with a PveClient (HTTPS, verified TLS, API token). The table is
// re-read at most every `refresh` (so `keel-api clusters add|update|disable` reach running workers within that),
// and a cluster whose connection settings did not change keeps its client — and its warm connections.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "auth/secret_box.hpp"
#include "provisioning/datacenters.hpp"
#include "provisioning/pve/pve_client.hpp"

namespace keel::db {
class Pool;
}

namespace keel::provisioning {

class ClusterDatacenters final : public Datacenters {
public:
    ClusterDatacenters(boost::asio::any_io_executor executor, db::Pool& pool, auth::SecretKeyRing keys,
                       PveClientOptions options, std::chrono::milliseconds refresh = std::chrono::seconds(5));

    // kNotFound when no enabled cluster has that name; kUnavailable when the table cannot be read and nothing is
    // known yet.
    Task<Result<std::shared_ptr<const Datacenter>>> find(std::string name) override;

    // Summed over the clients made so far: TLS handshakes completed and requests sent (the provisioning bench).
    std::uint64_t handshakes() const;
    std::uint64_t requests() const;

private:
    Task<Status> reload();

    struct Client {
        std::string settings;  // url, token id, sealed secret and trust: a change makes a new client
        std::shared_ptr<PveClient> client;
    };

    boost::asio::any_io_executor executor_;
    db::Pool& pool_;
    auth::SecretKeyRing keys_;
    PveClientOptions options_;
    std::chrono::milliseconds refresh_;

    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point loaded_at_{};
    bool loaded_ = false;
    bool reloading_ = false;
    std::map<std::string, std::shared_ptr<const Datacenter>, std::less<>> datacenters_;
    std::map<std::string, Client, std::less<>> clients_;
    std::uint64_t retired_handshakes_ = 0;  // of clients replaced since
    std::uint64_t retired_requests_ = 0;
};

}  // namespace keel::provisioning
