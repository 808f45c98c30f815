#include "db/servers/server_repository.hpp"

#include <algorithm>
#include <unordered_map>

#include "db/array_params.hpp"
#include "db/jobs/job_announcer.hpp"
#include "db/pool.hpp"
#include "db/servers/server_statements.hpp"

namespace keel::db {

Server server_from_row(const PgResult& rows, int row, int first) {
    return Server{
        .id = ServerId{rows.string(row, first + 0)},
        .owner_id = UserId{rows.int64(row, first + 1)},
        .hostname = rows.string(row, first + 2),
        .status = parse_server_status(rows.text(row, first + 3)).value_or(ServerStatus::kPending),
        .power_state = rows.optional_string(row, first + 4),
        .cpu_cores = rows.optional_int64(row, first + 5),
        .ram_mb = rows.optional_int64(row, first + 6),
        .disk_gb = rows.optional_int64(row, first + 7),
        .os_image = rows.optional_string(row, first + 8),
        .datacenter = rows.optional_string(row, first + 9),
        .node = rows.optional_string(row, first + 10),
        .vmid = rows.optional_int64(row, first + 11),
        .last_error = rows.optional_string(row, first + 12),
        .attributes_json = rows.string(row, first + 13),
        .created_at = rows.string(row, first + 14),
        .updated_at = rows.string(row, first + 15),
    };
}

namespace {

// The servers statements' columns: server_from_row's 16, then admin_attributes, link_status, link_detail.
constexpr int kAdminAttributesColumn = 16;
constexpr int kLinkStatusColumn = 17;
constexpr int kLinkDetailColumn = 18;
constexpr int kListCursorColumn = 19;

Server visible_server_from_row(const PgResult& rows, int row) {
    Server server = server_from_row(rows, row);
    server.admin_attributes_json = rows.string(row, kAdminAttributesColumn);
    if (auto status = rows.optional_string(row, kLinkStatusColumn)) {
        server.link_status = parse_link_status(*status);
    }
    server.link_detail = rows.optional_string(row, kLinkDetailColumn);
    return server;
}

}  // namespace

Task<Result<Server>> ServerRepository::create_with_job(UserId owner, ServerSpec spec, std::string request_id,
                                                       std::optional<std::int64_t> max_servers) {
    Params params{param(owner.value),     param(spec.hostname), param(spec.cpu_cores),
                  param(spec.ram_mb),     param(spec.disk_gb),  param(spec.os_image),
                  param(spec.datacenter), param(request_id),    param(max_servers)};
    auto rows = co_await pool_.query(server_sql::kCreateWithJob, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        // 422, not 429: waiting does not help, terminating a server does.
        co_return fail(ErrorCode::kValidation, "the limit of " + std::to_string(max_servers.value_or(0)) +
                                                   " servers per client is reached; terminate one first");
    }
    if (announcer_ != nullptr) {
        announcer_->announce();
    }
    co_return visible_server_from_row(*rows, 0);
}

Task<Result<Server>> ServerRepository::find(ServerId id, std::optional<UserId> visible_to) {
    std::optional<std::int64_t> owner;
    if (visible_to) {
        owner = visible_to->value;
    }
    Params params{param(id.value), param(owner)};
    auto rows = co_await pool_.query(server_sql::kFindVisible, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return fail(ErrorCode::kNotFound, "server " + id.value + " not found");
    }
    co_return visible_server_from_row(*rows, 0);
}

Task<Result<ServerPage>> ServerRepository::list(ServerPageQuery query) {
    std::optional<std::int64_t> owner;
    if (query.owner) {
        owner = query.owner->value;
    }
    // One more than asked: its presence says another page follows.
    Params params{param(owner), param(query.status), param(query.after_created_at), param(query.after_id),
                  param(query.limit + 1)};
    auto rows = co_await pool_.query(server_sql::kListPage, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    ServerPage page;
    const int shown = std::min(rows->rows(), query.limit);
    for (int i = 0; i < shown; ++i) {
        page.servers.push_back(visible_server_from_row(*rows, i));
    }
    if (rows->rows() > query.limit && shown > 0) {
        page.next_created_at = rows->string(shown - 1, kListCursorColumn);
        page.next_id = page.servers.back().id.value;
    }
    co_return page;
}

Task<std::vector<Result<VmidReservation>>> ServerRepository::reserve_vmids(const std::vector<VmidRequest>& requests) {
    std::vector<std::string> ids, nodes;
    std::vector<std::string> fresh;
    for (const auto& request : requests) {
        ids.push_back(request.server.value);
        fresh.push_back(request.fresh ? "t" : "f");
        nodes.push_back(request.node);
    }
    Params params{param(text_array(ids)), param(text_array(fresh)), param(text_array(nodes))};
    auto rows = co_await pool_.query(server_sql::kReserveVmids, std::move(params));
    std::vector<Result<VmidReservation>> outcomes;
    outcomes.reserve(requests.size());
    if (!rows) {
        outcomes.resize(requests.size(), std::unexpected(rows.error()));
        co_return outcomes;
    }
    std::unordered_map<std::string, VmidReservation> reserved;
    for (int i = 0; i < rows->rows(); ++i) {
        reserved.emplace(rows->string(i, 0), VmidReservation{rows->int64(i, 1), rows->string(i, 2)});
    }
    for (const auto& request : requests) {
        const auto found = reserved.find(request.server.value);
        if (found == reserved.end()) {
            outcomes.push_back(
                fail(ErrorCode::kNotFound, "server " + request.server.value + " vanished while provisioning"));
        } else {
            outcomes.push_back(found->second);
        }
    }
    co_return outcomes;
}

}  // namespace keel::db
