#pragma once
// POST /servers/{id}/credentials:reveal's answer (issue #11): {"credentials":[{"name","value"}],"revealed_at"}.
// The only place a stored credential's plaintext is put into a response.
#include <vector>

#include <boost/json/object.hpp>

#include "auth/secret.hpp"
#include "db/credentials/server_credential.hpp"

namespace keel::http {

// `values[i]` is the opened `reveal.shown[i]`.
boost::json::object encode_revealed_credentials(const db::Reveal& reveal, const std::vector<auth::Secret>& values);

}  // namespace keel::http
