#include "provisioning/cluster_datacenters.hpp"

#include "core/log.hpp"
#include "db/clusters/cluster_repository.hpp"

namespace keel::provisioning {

namespace {

TlsTrust trust_of(const db::ClusterTrust& trust) {
    switch (trust.kind) {
        case db::ClusterTrust::Kind::kCaBundle: return CaBundlePem{trust.value};
        case db::ClusterTrust::Kind::kFingerprint: return PinnedFingerprint{trust.value};
    }
    return PinnedFingerprint{trust.value};
}

std::string settings_key(const db::Cluster& cluster, const db::ClusterTrust& trust) {
    const char kind = trust.kind == db::ClusterTrust::Kind::kCaBundle ? 'C' : 'F';
    return cluster.api_url + '\n' + cluster.token_id + '\n' + cluster.token_secret.stored_text() + '\n' + kind +
           trust.value;
}

}  // namespace

ClusterDatacenters::ClusterDatacenters(boost::asio::any_io_executor executor, db::Pool& pool, auth::SecretKeyRing keys,
                                       PveClientOptions options, std::chrono::milliseconds refresh)
    : executor_(std::move(executor)), pool_(pool), keys_(std::move(keys)), options_(options), refresh_(refresh) {}

Task<Result<std::shared_ptr<const Datacenter>>> ClusterDatacenters::find(std::string name) {
    bool stale = false;
    {
        std::lock_guard lock(mutex_);
        // One reload at a time once something is known: the other callers go on with the last table read.
        stale = !loaded_ || (!reloading_ && std::chrono::steady_clock::now() - loaded_at_ >= refresh_);
        reloading_ = reloading_ || stale;
    }
    if (stale) {
        auto reloaded = co_await reload();
        std::lock_guard lock(mutex_);
        reloading_ = false;
        if (!reloaded && !loaded_) {
            co_return fail(ErrorCode::kUnavailable, "the clusters table cannot be read: " + reloaded.error().detail);
        }
        // Could not re-read it: go on with what was read last; the next call tries again.
    }
    std::lock_guard lock(mutex_);
    if (auto found = datacenters_.find(name); found != datacenters_.end()) {
        co_return found->second;
    }
    co_return fail(ErrorCode::kNotFound, "no enabled cluster is named '" + name + "'");
}

Task<Status> ClusterDatacenters::reload() {
    db::ClusterRepository repository(pool_);
    auto clusters = co_await repository.enabled_clusters();
    if (!clusters) {
        co_return std::unexpected(clusters.error());
    }
    std::lock_guard lock(mutex_);
    std::map<std::string, std::shared_ptr<const Datacenter>, std::less<>> datacenters;
    std::map<std::string, Client, std::less<>> clients;
    for (const auto& cluster : *clusters) {
        if (!cluster.trust) {
            // The schema keeps a cluster with no trust disabled; never talk to one without verifying it.
            log::error("cluster.unusable", {{"cluster", cluster.name}, {"reason", "no TLS trust (CA or fingerprint)"}});
            continue;
        }
        const auto key = settings_key(cluster, *cluster.trust);
        auto kept = clients_.find(cluster.name);
        if (kept != clients_.end() && kept->second.settings == key) {
            clients.emplace(cluster.name, kept->second);
        } else {
            auto secret = keys_.open(cluster.token_secret);
            if (!secret) {
                // This cluster's jobs fail with the reason; the others carry on.
                log::error("cluster.secret_unreadable", {{"cluster", cluster.name}, {"reason", secret.error().detail}});
                continue;
            }
            auto client = PveClient::create(
                executor_,
                PveClusterSettings{cluster.name, cluster.api_url, cluster.token_id,
                                   ApiTokenSecret(std::string(secret->reveal())), trust_of(*cluster.trust)},
                options_);
            if (!client) {
                log::error("cluster.unusable", {{"cluster", cluster.name}, {"reason", client.error().detail}});
                continue;
            }
            clients.emplace(cluster.name, Client{key, std::shared_ptr<PveClient>(std::move(*client))});
        }
        auto datacenter = std::make_shared<Datacenter>();
        datacenter->name = cluster.name;
        datacenter->proxmox = clients.at(cluster.name).client;
        for (const auto& image : cluster.images) {
            datacenter->images[image.os_image] = ImageTemplate{image.template_vmid, image.storage.value_or("")};
        }
        datacenters.emplace(cluster.name, std::move(datacenter));
    }
    for (const auto& [name, client] : clients_) {
        if (auto now = clients.find(name); now == clients.end() || now->second.client != client.client) {
            retired_handshakes_ += client.client->handshakes();
            retired_requests_ += client.client->requests();
        }
    }
    clients_ = std::move(clients);
    datacenters_ = std::move(datacenters);
    loaded_ = true;
    loaded_at_ = std::chrono::steady_clock::now();
    co_return Status{};
}

std::uint64_t ClusterDatacenters::handshakes() const {
    std::lock_guard lock(mutex_);
    auto total = retired_handshakes_;
    for (const auto& [name, client] : clients_) {
        total += client.client->handshakes();
    }
    return total;
}

std::uint64_t ClusterDatacenters::requests() const {
    std::lock_guard lock(mutex_);
    auto total = retired_requests_;
    for (const auto& [name, client] : clients_) {
        total += client.client->requests();
    }
    return total;
}

}  // namespace keel::provisioning
