#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/server_spec.hpp"
#include "core/task.hpp"
#include "db/servers/server.hpp"

namespace keel::db {

class JobAnnouncer;
class Pool;
class PgResult;

// Reads 16 columns from `first` on, shaped like the servers statements' column list; admin_attributes stays
// empty (the servers statements add it as a 17th column, which ServerRepository reads itself).
Server server_from_row(const PgResult& rows, int row, int first = 0);

struct VmidReservation {
    std::int64_t vmid = 0;
    std::string node;
};

// A provisioning job's ask for its server's VMID and node (see reserve_vmids).
struct VmidRequest {
    ServerId server;
    bool fresh = false;  // the hypervisor had the reserved VMID in use: take another
    std::string node;    // where it builds, unless the server has a node already
};

struct ServerPageQuery {
    std::optional<UserId> owner;                  // a client's own id; for admins an optional filter
    std::optional<std::string> status;            // "active", …
    std::optional<std::string> after_created_at;  // the cursor: exact created_at (microseconds) and id
    std::optional<std::string> after_id;
    int limit = 20;
};

struct ServerPage {
    std::vector<Server> servers;
    std::optional<std::string> next_created_at, next_id;  // set when more rows follow
};

class ServerRepository {
public:
    // `announcer` is told of every job create_with_job queues; null only where nothing is created (the worker).
    explicit ServerRepository(Pool& pool, JobAnnouncer* announcer = nullptr) : pool_(pool), announcer_(announcer) {}

    // Inserts the server (pending) and its provisioning job atomically, then has the workers told. kValidation when the
    // owner already holds `max_servers` servers that are not terminated (empty: no cap).
    Task<Result<Server>> create_with_job(UserId owner, ServerSpec spec, std::string request_id,
                                         std::optional<std::int64_t> max_servers);
    // `visible_to` empty: any server (admins, the worker). kNotFound also for another tenant's server.
    Task<Result<Server>> find(ServerId id, std::optional<UserId> visible_to);
    // Keel's own VMID reservation (Proxmox's nextid reserves nothing); `fresh` replaces one the hypervisor
    // turned out to have in use already.
    Task<Result<ServerPage>> list(ServerPageQuery query);
    // One statement for a batch (provisioning::JobRunner batches its jobs' reservations); one outcome per
    // request, in order.
    Task<std::vector<Result<VmidReservation>>> reserve_vmids(const std::vector<VmidRequest>& requests);

private:
    Pool& pool_;
    JobAnnouncer* announcer_;
};

}  // namespace keel::db
