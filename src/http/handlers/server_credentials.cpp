#include "http/handlers/server_credentials.hpp"

#include <vector>

#include <boost/json/value.hpp>

#include "auth/secret_box.hpp"
#include "core/log.hpp"
#include "db/credentials/server_credential_repository.hpp"
#include "http/codecs/credential_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

Task<Response> ServerCredentials::reveal(const Request&, RequestContext& ctx, const PathParams& params) {
    const auto id = params.get("id");
    if (!is_uuid(id)) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "not a server id"});
    }
    // Opened inside the reveal's transaction: a credential that does not open marks and audits nothing.
    std::vector<auth::Secret> values;
    db::ServerCredentialRepository::Open open = [this,
                                                 &values](const db::StoredCredential& credential) -> keel::Status {
        auto opened = secrets_.open(credential.secret);
        if (!opened) {
            return std::unexpected(opened.error());
        }
        values.push_back(std::move(*opened));
        return {};
    };
    db::RevealRequest request{ServerId{std::string(id)}, ctx.caller->user_id, ctx.caller->role};
    auto revealed = co_await credentials_.reveal(std::move(request), std::move(open));
    if (!revealed) {
        co_return error_response(ctx, revealed.error());  // 404 for another client's server
    }
    switch (revealed->decision) {
        case RevealDecision::kNoCredentials:
            co_return problem_response(ctx, Status::not_found, "no-credentials",
                                       "no credentials are stored for this server");
        case RevealDecision::kAlreadyRevealed:
            co_return problem_response(ctx, Status::gone, "credentials-already-revealed",
                                       "this server's credentials were revealed at " +
                                           revealed->revealed_at.value_or("an earlier time") +
                                           " and are shown only once; change the password on the server");
        case RevealDecision::kReveal: break;
    }
    log::info("server.credentials.revealed", {{"request_id", ctx.request_id},
                                              {"server_id", id},
                                              {"user_id", ctx.caller->user_id.value},
                                              {"credentials", static_cast<std::int64_t>(values.size())}});
    co_return json_response(ctx, Status::ok, encode_revealed_credentials(*revealed, values));
}

}  // namespace keel::http
