#include "db/operations/operation_repository.hpp"

#include "db/jobs/job_announcer.hpp"
#include "db/operations/operation_statements.hpp"
#include "db/pool.hpp"

namespace keel::db {

namespace {

Operation operation_from_row(const PgResult& rows, int row) {
    return Operation{
        .id = JobId{rows.int64(row, 0)},
        .kind = rows.string(row, 1),
        .state = rows.string(row, 2),
        .server_id = ServerId{rows.string(row, 3)},
        .attempt = static_cast<int>(rows.int64(row, 4)),
        .max_attempts = static_cast<int>(rows.int64(row, 5)),
        .last_error = rows.optional_string(row, 6),
        .requested_by = rows.optional_int64(row, 7),
        .created_at = rows.string(row, 8),
        .updated_at = rows.string(row, 9),
        .finished_at = rows.optional_string(row, 10),
    };
}

}  // namespace

Task<Result<Operation>> OperationRepository::enqueue(ActionRequest request) {
    std::optional<std::string> status_now;
    if (request.status_now) {
        status_now = std::string(to_string(*request.status_now));
    }
    Params params{param(request.server.value),
                  param(request.job_kind),
                  param(status_now),
                  param(request.actor.value),
                  param(to_string(request.planned_from)),
                  param(request.request_id)};
    auto rows = co_await pool_.query(operation_sql::kEnqueue, std::move(params));
    if (!rows) {
        if (rows.error().code == ErrorCode::kConflict) {
            co_return fail(ErrorCode::kConflict, "another operation on this server is still in progress");
        }
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return fail(ErrorCode::kConflict, "the server changed state meanwhile; read it again");
    }
    announcer_.announce();
    co_return operation_from_row(*rows, 0);
}

Task<Status> OperationRepository::check_in_flight_cap(UserId owner, std::int64_t max_in_flight) {
    Params params{param(owner.value)};
    auto rows = co_await pool_.query(operation_sql::kCountInFlight, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->int64(0, 0) >= max_in_flight) {
        co_return fail(ErrorCode::kLimitExceeded,
                       "the limit of " + std::to_string(max_in_flight) +
                           " queued operations per client is reached; retry when one finished");
    }
    co_return Status{};
}

Task<Result<Operation>> OperationRepository::find(JobId id, std::optional<UserId> visible_to) {
    std::optional<std::int64_t> owner;
    if (visible_to) {
        owner = visible_to->value;
    }
    Params params{param(id.value), param(owner)};
    auto rows = co_await pool_.query(operation_sql::kFindVisible, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return fail(ErrorCode::kNotFound, "operation " + std::to_string(id.value) + " not found");
    }
    co_return operation_from_row(*rows, 0);
}

Task<Result<std::vector<ServerEvent>>> OperationRepository::events(ServerId server) {
    Params params{param(server.value)};
    auto rows = co_await pool_.query(operation_sql::kEvents, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    std::vector<ServerEvent> events;
    for (int i = 0; i < rows->rows(); ++i) {
        // The schema's CHECK lists the kinds; a kind this build does not know reads as a status change.
        const auto kind = parse_server_event_kind(rows->text(i, 7)).value_or(ServerEventKind::kStatus);
        events.push_back(ServerEvent{rows->int64(i, 0), kind, rows->optional_string(i, 1), rows->string(i, 2),
                                     rows->optional_int64(i, 3), rows->optional_int64(i, 4),
                                     rows->optional_string(i, 5), rows->string(i, 6)});
    }
    co_return events;
}

}  // namespace keel::db
